using RealNameApi.Contracts.V1;

namespace RealNameApi.Diagnosis.Catalog;

// The platform's policy: account limits, upload limits and escalations.
internal sealed partial class CatalogFileReader
{
    private List<AccountLimitDefinition> ReadAccountLimits(List<AccountLimitYaml?>? limits)
    {
        var result = new List<AccountLimitDefinition>();
        for (var i = 0; i < (limits?.Count ?? 0); i++)
        {
            var l = limits![i];
            var field = $"platform.account_limits[{i}]";
            if (l is null)
            {
                Error(field, "is empty");
                continue;
            }

            var id = Required(l.Id, field + ".id");
            var subject = Enum<SubjectType>(l.SubjectType, field + ".subject_type");
            if (l.MaxAccounts is not > 0)
            {
                Error(field + ".max_accounts", "must be a positive number");
            }

            if (result.Any(x => x.Id == id || x.SubjectType == subject))
            {
                Error(field, "duplicates the id or subject type of another account limit");
            }

            result.Add(new AccountLimitDefinition(
                id, subject, l.MaxAccounts ?? 0,
                Text(l.Description, field + ".description", required: true),
                Text(l.Basis, field + ".basis", required: true),
                Texts(l.Options, field + ".options")));
        }

        return result;
    }

    private List<UploadLimits> ReadUploadLimits(List<UploadLimitsYaml?>? limits)
    {
        var result = new List<UploadLimits>();
        for (var i = 0; i < (limits?.Count ?? 0); i++)
        {
            var u = limits![i];
            var field = $"platform.upload_limits[{i}]";
            if (u is null)
            {
                Error(field, "is empty");
                continue;
            }

            var channel = Enum<UploadChannel>(u.Channel, field + ".channel");
            if (u.MinBytes is not >= 0 || u.MaxBytes is not > 0 || u.MinBytes > u.MaxBytes)
            {
                Error(field, "needs 0 <= min_bytes <= max_bytes and max_bytes > 0");
            }

            var limit = new UploadLimits
            {
                Channel = channel,
                MinBytes = u.MinBytes ?? 0,
                MaxBytes = u.MaxBytes ?? 0,
                ColorRequired = u.ColorRequired ?? false,
            };
            if (u.Formats is not { Count: > 0 })
            {
                Error(field + ".formats", "must list at least one format");
            }

            for (var f = 0; f < (u.Formats?.Count ?? 0); f++)
            {
                limit.Formats.Add(Enum<ImageFormat>(u.Formats![f], $"{field}.formats[{f}]"));
            }

            if (result.Any(x => x.Channel == channel))
            {
                Error(field + ".channel", "is listed twice");
            }

            result.Add(limit);
        }

        return result;
    }

    private EscalationDefinition ReadEscalation(EscalationYaml e, string field)
    {
        var channels = new List<ChannelDefinition>();
        if (e.Channels is not { Count: > 0 })
        {
            Error(field + ".channels", "must hold at least one channel");
        }

        for (var i = 0; i < (e.Channels?.Count ?? 0); i++)
        {
            var c = e.Channels![i];
            var path = $"{field}.channels[{i}]";
            if (c is null)
            {
                Error(path, "is empty");
                continue;
            }

            channels.Add(new ChannelDefinition(
                Enum<EscalationChannelKind>(c.Kind, path + ".kind"),
                Text(c.Name, path + ".name", required: true),
                c.Address ?? "",
                c.SubjectTemplate ?? "",
                Text(c.WhenToUse, path + ".when_to_use", required: false),
                Texts(c.RequiredMaterials, path + ".required_materials")));
        }

        return new EscalationDefinition(channels, Texts(e.RequiredMaterials, field + ".required_materials"), Texts(e.Notes, field + ".notes"));
    }
}
