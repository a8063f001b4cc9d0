using System.Text.Json.Serialization;

namespace HaloClaude.Operations.Demo;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SimulatedJson))]
internal sealed partial class DemoJsonContext : JsonSerializerContext;
