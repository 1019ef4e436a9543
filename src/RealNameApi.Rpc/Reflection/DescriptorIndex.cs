using Google.Protobuf.Reflection;

namespace RealNameApi.Rpc.Reflection;

/// <summary>
/// Every proto file the mapped services use, transitively (well-known types included), and every
/// symbol they declare: services, methods, messages and enums at any nesting depth, fields.
/// </summary>
internal sealed class DescriptorIndex
{
    private readonly Dictionary<string, FileDescriptor> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileDescriptor> _symbols = new(StringComparer.Ordinal);
    private readonly HashSet<string> _messageTypes = new(StringComparer.Ordinal);

    public DescriptorIndex(IEnumerable<ServiceDescriptor> services)
    {
        var names = new List<string>();
        foreach (var service in services)
        {
            names.Add(service.FullName);
            AddFile(service.File);
        }
        ServiceNames = names;
    }

    public IReadOnlyList<string> ServiceNames { get; }

    public FileDescriptor? FindFile(string fileName) => _files.GetValueOrDefault(fileName);

    public FileDescriptor? FindFileContainingSymbol(string symbol) => _symbols.GetValueOrDefault(symbol.TrimStart('.'));

    public bool IsMessageType(string fullName) => _messageTypes.Contains(fullName.TrimStart('.'));

    /// <summary>
    /// The file, then those of its transitive dependencies not yet sent on this stream (the
    /// requested file is always sent), so a client can build a descriptor pool from the answers.
    /// </summary>
    public static List<FileDescriptor> WithDependencies(FileDescriptor file, HashSet<string> alreadySent)
    {
        var result = new List<FileDescriptor> { file };
        alreadySent.Add(file.Name);
        var queue = new Queue<FileDescriptor>(file.Dependencies);
        while (queue.TryDequeue(out var next))
        {
            if (alreadySent.Add(next.Name))
            {
                result.Add(next);
                foreach (var dependency in next.Dependencies)
                {
                    queue.Enqueue(dependency);
                }
            }
        }
        return result;
    }

    private void AddFile(FileDescriptor file)
    {
        if (!_files.TryAdd(file.Name, file))
        {
            return;
        }
        foreach (var service in file.Services)
        {
            _symbols.TryAdd(service.FullName, file);
            foreach (var method in service.Methods)
            {
                _symbols.TryAdd(method.FullName, file);
            }
        }
        foreach (var message in file.MessageTypes)
        {
            AddMessage(message, file);
        }
        foreach (var enumType in file.EnumTypes)
        {
            _symbols.TryAdd(enumType.FullName, file);
        }
        foreach (var dependency in file.Dependencies)
        {
            AddFile(dependency);
        }
    }

    private void AddMessage(MessageDescriptor message, FileDescriptor file)
    {
        _symbols.TryAdd(message.FullName, file);
        _messageTypes.Add(message.FullName);
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            _symbols.TryAdd(field.FullName, file);
        }
        foreach (var nested in message.NestedTypes)
        {
            AddMessage(nested, file);
        }
        foreach (var enumType in message.EnumTypes)
        {
            _symbols.TryAdd(enumType.FullName, file);
        }
    }
}
