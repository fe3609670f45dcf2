using Xunit;

namespace Clamator.Tests;

/// <summary>
/// The CLI tests that share one redis-server (tests/Clamator.Testing.Redis). xUnit gives a collection's fixture only to
/// tests whose assembly declares the collection, so it is declared here.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisFixture>
{
    public const string Name = "redis";
}
