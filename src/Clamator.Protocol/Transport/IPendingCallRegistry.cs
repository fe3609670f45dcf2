namespace Clamator.Transport;

/// <summary>What a <see cref="PendingCall"/> knows of the <see cref="PendingCalls{TCall}"/> it waits in: how to leave it.</summary>
internal interface IPendingCallRegistry
{
    /// <summary>Removes a call that has ended.</summary>
    void Forget(PendingCall call);
}
