namespace Mail.MtaSts.World.Tests;

/// <summary>
/// The file the world's nginx serves at <c>https://mta-sts.&lt;case&gt;.example.test/.well-known/mta-sts.txt</c>
/// (<c>cases/&lt;case&gt;/policy.txt</c> of the run directory, read anew on every request), rewritten by a test the way a deployment
/// replaces a policy: a whole new file renamed over the old one, so no request sees half of each. Disposing puts the
/// bytes it had back.
/// </summary>
internal sealed class ServedPolicyFile : IDisposable
{
    private readonly string path;

    internal ServedPolicyFile(string name)
    {
        path = Path.Combine(TestWorld.Directory, "cases", name, "policy.txt");
        Original = File.ReadAllBytes(path);
    }

    /// <summary>The bytes served before the test changed anything: the case's at-rest policy.</summary>
    internal byte[] Original { get; }

    /// <summary>Serves <paramref name="bytes"/> from the next request on.</summary>
    internal void Serve(byte[] bytes)
    {
        var next = path + ".next";
        File.WriteAllBytes(next, bytes);
        File.Move(next, path, overwrite: true);
    }

    public void Dispose() => Serve(Original);
}
