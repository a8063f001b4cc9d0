using HaloClaude.Benchmarks.Payloads;

namespace HaloClaude.Benchmarks.Load;

/// <summary>Writes the request bodies of the load run: the Halo request for the proxy, and the equivalent Messages request
/// (the translator's real output) for the direct rows, each as JSON and as a stream.</summary>
public static class PayloadWriter
{
    public static int Run(string[] args)
    {
        var directory = Arguments.Required(args, "--out");
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, "proxy-json.json"), HaloPayloads.ChatRequest(stream: false));
        File.WriteAllBytes(Path.Combine(directory, "proxy-stream.json"), HaloPayloads.ChatRequest(stream: true));
        File.WriteAllBytes(Path.Combine(directory, "direct-json.json"), HaloPayloads.MessagesRequest(stream: false));
        File.WriteAllBytes(Path.Combine(directory, "direct-stream.json"), HaloPayloads.MessagesRequest(stream: true));
        File.WriteAllBytes(Path.Combine(directory, "answer.sse"), HaloPayloads.AnswerSse());
        File.WriteAllBytes(Path.Combine(directory, "answer.json"), HaloPayloads.AnswerJson());
        return 0;
    }
}
