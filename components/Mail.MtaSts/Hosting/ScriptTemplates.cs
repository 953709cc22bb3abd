using System.Collections.Concurrent;
using Scriban;
using Scriban.Runtime;

namespace Mail.MtaSts.Hosting;

/// <summary>The embedded Scriban templates of the scripts the core renders (Workers, functions), parsed once each.</summary>
internal static class ScriptTemplates
{
    private static readonly ConcurrentDictionary<string, Template> Parsed = new();

    /// <summary>Renders the template <paramref name="name"/> (in Hosting/) with <paramref name="model"/>; every variable must be given.</summary>
    public static string Render(string name, IReadOnlyDictionary<string, object> model)
    {
        var script = new ScriptObject();
        foreach (var (key, value) in model)
        {
            script[key] = value;
        }

        // No loop or size limit: by default Scriban stops a loop after 1,000 iterations and cuts a string at 1 MiB, and a
        // hosted Worker lists every domain.
        var context = new TemplateContext { StrictVariables = true, LoopLimit = 0, LimitToString = 0 };
        context.PushGlobal(script);
        return Parsed.GetOrAdd(name, Load).Render(context);
    }

    private static Template Load(string name)
    {
        var resource = $"Mail.MtaSts.Hosting.{name}";
        using var stream = typeof(ScriptTemplates).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the embedded resource {resource} is missing");
        using var reader = new StreamReader(stream);
        var template = Template.Parse(reader.ReadToEnd(), name);
        return template.HasErrors ? throw new InvalidOperationException($"{name}: {string.Join("; ", template.Messages)}") : template;
    }
}
