using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Catalog;
using RealNameApi.Diagnosis.Localization;

namespace RealNameApi.Diagnosis.Engine;

/// <summary>
/// Finds the platform's account limit for the verifying subject and evaluates the number of
/// accounts the caller says the subject already holds against it.
/// </summary>
internal sealed class AccountLimitEvaluator(LocalizedTemplates templates)
{
    /// <summary>
    /// The limit the rule names, else the platform's limit for the subject's type (from the
    /// subject, else the document type, else the platform's default); null when none applies.
    /// </summary>
    public AccountLimit? Evaluate(PlatformDefinition platform, RuleDefinition rule, Subject? subject, SubjectType subjectType, Locale locale)
    {
        var definition = rule.AccountLimitId is { } id ? Named(platform, id) : platform.AccountLimitFor(subjectType);
        if (definition is null)
        {
            return null;
        }

        var limit = templates.Limit(definition, locale);
        if (subject is { HasAccountsHeld: true })
        {
            // accounts_held excludes the account being verified: at the maximum, there is no room for it.
            limit.AccountsHeld = subject.AccountsHeld;
            limit.State = subject.AccountsHeld >= definition.MaxAccounts ? AccountLimitState.Reached : AccountLimitState.Within;
        }

        return limit;
    }

    // A loop rather than LINQ: this runs on every diagnosis whose rule names a limit.
    private static AccountLimitDefinition? Named(PlatformDefinition platform, string id)
    {
        foreach (var limit in platform.AccountLimits)
        {
            if (limit.Id == id)
            {
                return limit;
            }
        }

        return null;
    }
}
