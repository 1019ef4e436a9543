using System.Security.Cryptography;
using Google.Protobuf;
using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Engine;
using RealNameApi.Diagnosis.Localization;

namespace RealNameApi.Diagnosis.Benchmarks;

/// <summary>
/// One hash per answer over a large, fixed set of requests, to show that a change made for speed
/// changes no answer: run it on the build before and after, then compare the two files (`cmp`).
/// The messages come from the catalog (its texts, their fragments, the texts with a character
/// dropped, swapped or added, with prefixes, suffixes and a filled-in placeholder, two texts
/// together) and from the files given, one message a line; each is asked on both platforms with
/// no code, a code no rule knows and known codes, for no subject, a person, an organisation and a
/// subject at its account limit, in both locales.
/// </summary>
internal static class AnswerDigest
{
    private static readonly DateOnly Today = new(2026, 9, 30);

    public static int Write(string output, IEnumerable<string> messageFiles)
    {
        var engine = DiagnosisEngine.Create();
        var messages = Messages(engine, messageFiles);
        var codes = new List<string> { "", "B101" };
        codes.AddRange(engine.Catalog.Rules.SelectMany(r => r.Codes).Take(3));
        Subject?[] subjects = [null, new() { Type = SubjectType.Person }, new() { Type = SubjectType.Organization }, new() { Type = SubjectType.Person, AccountsHeld = 5 }];
        using var writer = new StreamWriter(output);
        using var all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long count = 0;
        foreach (var message in messages)
        {
            foreach (var platform in engine.Catalog.Platforms)
            {
                foreach (var code in codes)
                {
                    foreach (var subject in subjects)
                    {
                        foreach (var locale in (Locale[])[Locale.ZhCN, Locale.En])
                        {
                            var request = new DiagnoseRequest { Platform = platform.Id, Message = message, Code = code, Subject = subject?.Clone() };
                            var result = engine.Diagnose(request, locale, Today);
                            var bytes = result.Value is { } d ? d.ToByteArray() : System.Text.Encoding.UTF8.GetBytes(result.Error!.ToString()!);
                            all.AppendData(bytes);
                            writer.WriteLine(Convert.ToHexString(SHA256.HashData(bytes), 0, 8));
                            count++;
                        }
                    }
                }
            }
        }

        Console.WriteLine($"{messages.Count:N0} messages, {count:N0} answers, digest {Convert.ToHexString(all.GetHashAndReset())[..32]}");
        return 0;
    }

    private static List<string> Messages(DiagnosisEngine engine, IEnumerable<string> messageFiles)
    {
        var texts = new List<string>();
        foreach (var rule in engine.Catalog.Rules)
        {
            texts.AddRange(rule.KnownMessages.Concat(rule.Paraphrases).Concat(rule.EnglishMessages).Concat(rule.EnglishParaphrases));
            texts.AddRange(rule.Patterns.Where(p => p.Regex is null).Select(p => string.Concat(p.AllOf)));
        }

        foreach (var file in messageFiles)
        {
            texts.AddRange(File.ReadAllLines(file));
        }

        texts = [.. texts.Where(t => t.Length > 0).Distinct()];
        var messages = new List<string>(texts);
        var random = new Random(7);
        foreach (var t in texts)
        {
            messages.AddRange(["失败提示:" + t, t + "。", t + "请稍后再试", t.ToUpperInvariant(), " " + t + " ", "【张三】" + t]);
            for (var length = 2; length < t.Length; length++)
            {
                for (var start = 0; start + length <= t.Length; start += Math.Max(1, t.Length / 12))
                {
                    messages.Add(t.Substring(start, length));
                }
            }

            for (var k = 0; k < 4; k++)
            {
                var other = texts[random.Next(texts.Count)];
                var i = random.Next(t.Length);
                messages.Add(t.Remove(i, 1));
                messages.Add(t[..i] + other[random.Next(other.Length)] + t[(i + 1)..]);
                messages.Add(t + "," + other);
            }
        }

        return [.. messages.Distinct()];
    }
}
