using System.Collections.Generic;
using System.Linq;

namespace Clamator.Generators;

/// <summary>
/// Emits the checks that keep null out of lists and dictionaries whose items are non-nullable (System.Text.Json's
/// nullable annotations cover properties only). An object type with such a property checks its own items after it is
/// read (<c>OnDeserialized</c>, so the error carries the object's path); a params or result type checks everything
/// below it before it is written (<c>OnSerializing</c>). Errors read like Zod's: <c>Expected string, received null</c>.
/// </summary>
internal sealed class NullCheckWriter
{
    private readonly Dictionary<string, JsonTypeModel> _objects;
    private readonly HashSet<string> _own = [];
    private readonly HashSet<string> _needed = [];
    private readonly HashSet<string> _roots = [];

    public NullCheckWriter(ContractModel contract)
    {
        _objects = contract.Types.Where(t => t.Kind == JsonTypeKind.Object).ToDictionary(t => t.FullName);
        foreach (JsonTypeModel type in _objects.Values.Where(t => t.Properties.Any(p => p.Items.Any(l => !l.ItemsNullable))))
        {
            _own.Add(type.FullName);
            _needed.Add(type.FullName);
        }

        // A type needs a (deep) check when something below it does: iterate until nothing changes.
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach (JsonTypeModel type in _objects.Values.Where(t => !_needed.Contains(t.FullName)))
            {
                if (type.Properties.Any(p => p.ObjectType is { } o && _needed.Contains(o)) || type.DerivedTypes.Any(_needed.Contains))
                {
                    changed |= _needed.Add(type.FullName);
                }
            }
        }

        foreach (string? root in contract.Methods.SelectMany(m => new[] { m.ParamsType, m.ResultType }))
        {
            if (root is not null && _objects.TryGetValue(root, out JsonTypeModel? type))
            {
                _roots.Add(root);
                _roots.UnionWith(type.DerivedTypes);
            }
        }
    }

    /// <summary>Whether <paramref name="type"/>'s metadata gets callbacks (and so a local <c>info</c> to set them on).</summary>
    public bool HasCallbacks(JsonTypeModel type) => _own.Contains(type.FullName) || (_roots.Contains(type.FullName) && _needed.Contains(type.FullName));

    /// <summary>Sets the callbacks of <paramref name="type"/> on the local <c>info</c>.</summary>
    public void WriteCallbacks(CodeWriter w, JsonTypeModel type)
    {
        if (_own.Contains(type.FullName))
        {
            w.Line($"info.OnDeserialized = static obj => Nulls{type.Id}(({type.FullName})obj, deep: false);");
        }

        if (_roots.Contains(type.FullName) && _needed.Contains(type.FullName))
        {
            w.Line($"info.OnSerializing = static obj => Nulls{type.Id}(({type.FullName})obj, deep: true);");
        }
    }

    /// <summary>Writes the check of every type that needs one.</summary>
    public void WriteChecks(CodeWriter w)
    {
        foreach (JsonTypeModel type in _objects.Values.Where(t => _needed.Contains(t.FullName)))
        {
            w.Line();
            w.Line($"/// <summary>Throws for a null item of a non-nullable list or dictionary of <see cref=\"{type.FullName}\"/> (and, when <paramref " +
                $"name=\"deep\"/>, of the objects below it).</summary>");
            w.Open($"private static void Nulls{type.Id}({type.FullName} value, bool deep)");
            string[] derived = [.. type.DerivedTypes.Where(_needed.Contains)];
            if (derived.Length > 0)
            {
                w.Open("switch (value)");
                for (int i = 0; i < derived.Length; i++)
                {
                    w.Line($"case {derived[i]} derived{i}:");
                    w.Line($"    Nulls{_objects[derived[i]].Id}(derived{i}, deep);");
                    w.Line("    return;");
                }

                w.Close();
            }

            int index = 0;
            foreach (JsonPropertyModel property in type.Properties)
            {
                if (Needs(property, 0))
                {
                    WriteValue(w, property, $"value.{property.ClrName}", 0, index, [Literal(property.JsonName)]);
                }

                index++;
            }

            w.Close();
        }
    }

    /// <summary>Whether anything at or below list level <paramref name="depth"/> of <paramref name="property"/> is checked.</summary>
    private bool Needs(JsonPropertyModel property, int depth) =>
        property.Items.Skip(depth).Any(l => !l.ItemsNullable) || (property.ObjectType is { } o && _needed.Contains(o));

    private void WriteValue(CodeWriter w, JsonPropertyModel property, string expression, int depth, int index, List<string> path)
    {
        string suffix = $"{index}_{depth}";
        if (depth == property.Items.Count)
        {
            // The object inside the lists: checked here only before writing; when read, it checked itself.
            string id = _objects[property.ObjectType!].Id;
            w.Open($"if (deep && {expression} is {{ }} o{suffix})");
            w.Line($"try {{ Nulls{id}(o{suffix}, deep: true); }}");
            w.Line($"catch (global::System.Text.Json.JsonException ex) {{ throw global::Clamator.JsonChecks.Under(ex, {string.Join(", ", path)}); }}");
            w.Close();
            return;
        }

        ItemLevel level = property.Items.ElementAt(depth);
        w.Open($"if ({expression} is {{ }} v{suffix})");
        string item;
        if (level.IsDictionary)
        {
            w.Open($"foreach (var e{suffix} in v{suffix})");
            item = $"e{suffix}.Value";
            path = [.. path, $"e{suffix}.Key"];
        }
        else
        {
            w.Line($"int i{suffix} = -1;");
            w.Open($"foreach (var e{suffix} in v{suffix})");
            w.Line($"i{suffix}++;");
            item = $"e{suffix}";
            path = [.. path, $"i{suffix}"];
        }

        if (!level.ItemsNullable)
        {
            w.Line($"if ({item} is null) throw global::Clamator.JsonChecks.NullItem(\"{level.Expected}\", {string.Join(", ", path)});");
        }

        if (Needs(property, depth + 1))
        {
            WriteValue(w, property, item, depth + 1, index, path);
        }

        w.Close();
        w.Close();
    }

    private static string Literal(string value) => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(value, quote: true);
}
