using Clamator.OverRedis;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>Blocking reads go through ExecuteAsync, so their raw reply shape matters: RESP2 arrays and RESP3 maps both parse.</summary>
[Collection(RedisCollection.Name)]
public sealed class StreamReplyShapeTests(RedisFixture redis)
{
    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Xread_reply_parses_in_both_protocols(RedisProtocol protocol)
    {
        string key = "shape:" + Guid.NewGuid().ToString("N");
        RedisValue id = await redis.Db.StreamAddAsync(key, [new NameValueEntry("type", "rpc"), new NameValueEntry("envelope", "{\"x\":1}")]);
        var config = ConfigurationOptions.Parse($"127.0.0.1:{redis.Server.Port}");
        config.Protocol = protocol;
        await using ConnectionMultiplexer connection = await ConnectionMultiplexer.ConnectAsync(config);

        RedisResult reply = await connection.GetDatabase().ExecuteAsync("XREAD", "COUNT", 10, "BLOCK", 1000, "STREAMS", key, "0");
        RedisResult timeout = await connection.GetDatabase().ExecuteAsync("XREAD", "COUNT", 10, "BLOCK", 1, "STREAMS", key, id);

        StreamMessage message = Assert.Single(StreamMessage.ParseRead(reply));
        Assert.Equal(id, message.Id);
        Assert.Equal("{\"x\":1}", (string?)message[StreamFields.Envelope]);
        Assert.Equal("rpc", (string?)message[StreamFields.Type]);
        Assert.Empty(StreamMessage.ParseRead(timeout));
    }
}
