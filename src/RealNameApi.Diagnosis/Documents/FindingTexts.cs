using RealNameApi.Diagnosis.Localization;

namespace RealNameApi.Diagnosis.Documents;

/// <summary>
/// The texts of document findings, zh-CN and en. Placeholders carry counts, positions, single
/// characters, sizes and names of types: never a number, a name or anything else the user typed.
/// </summary>
internal static class FindingTexts
{
    // Building blocks.
    public static readonly LocalizedText Space = new("空格", "a space");
    public static readonly LocalizedText MoreOccurrences = new("(共{0}处)", " ({0} places in all)");

    // Numbers.
    public static readonly LocalizedText IdLength = new(
        "居民身份证号码应为18位(旧版为15位),当前填写了{0}位。请对照证件逐位核对,不要漏填、多填或输入空格。",
        "A resident ID number has 18 characters (15 in the old form), but {0} were entered. Check it against the card character by character, with nothing missing, nothing extra and no spaces.");

    public static readonly LocalizedText UsccLength = new(
        "统一社会信用代码应为18位,当前填写了{0}位。旧的15位注册号和9位组织机构代码不能使用,请填写证件上的18位统一社会信用代码,不要漏填、多填或输入空格。",
        "A unified social credit code has 18 characters, but {0} were entered. Old 15-digit registration numbers and 9-character organisation codes are not accepted: enter the 18-character code printed on the document, with nothing missing, nothing extra and no spaces.");

    public static readonly LocalizedText IdCharset = new(
        "证件号码第{0}位是{1},不是有效字符:居民身份证号码前17位是数字,最后一位是数字或大写X。",
        "Character {0} of the number is {1}, which is not allowed: a resident ID number is 17 digits followed by a digit or a capital X.");

    public static readonly LocalizedText LegacyIdCharset = new(
        "证件号码第{0}位是{1},不是有效字符:15位旧版身份证号码全部是数字。",
        "Character {0} of the number is {1}, which is not allowed: an old 15-digit ID number is all digits.");

    public static readonly LocalizedText UsccCharset = new(
        "证件号码第{0}位是{1},不是有效字符:统一社会信用代码只用数字和大写字母(没有I、O、Z、S、V),第3至8位是数字。",
        "Character {0} of the number is {1}, which is not allowed: a unified social credit code uses digits and capital letters other than I, O, Z, S and V, and characters 3 to 8 are digits.");

    public static readonly LocalizedText FullWidthInNumber = new(
        "证件号码第{0}位{1}是全角字符。请切换到半角(英文)输入后重新填写号码。",
        "Character {0} of the number is {1}, a full-width character. Switch the keyboard to half-width (English) input and enter the number again.");

    public static readonly LocalizedText LowerCaseX = new(
        "最后一位的小写x已按大写X核验;填写时请用大写X,与证件一致。",
        "The lower-case x at the end was checked as a capital X; enter it as X, as the card prints it.");

    public static readonly LocalizedText LowerCaseLetters = new(
        "号码中的小写字母已按大写核验;填写时请用大写字母,与证件一致。",
        "Lower-case letters in the number were checked as capitals; enter them in capitals, as the document prints them.");

    public static readonly LocalizedText IdChecksum = new(
        "证件号码的校验位(第18位)与前17位不符,号码中至少有一位填错。请对照证件逐位核对。",
        "The check character (the 18th) does not match the first 17 characters, so at least one character is wrong. Check the number against the card character by character.");

    public static readonly LocalizedText UsccChecksum = new(
        "统一社会信用代码的校验位(第18位)与前17位不符,代码中至少有一位填错。请对照证件逐位核对。",
        "The check character (the 18th) of the unified social credit code does not match the first 17 characters, so at least one character is wrong. Check it against the document character by character.");

    public static readonly LocalizedText BirthDateNotReal = new(
        "证件号码第{0}至{1}位的出生日期不是真实的日期,号码可能填错了。",
        "The birth date in characters {0} to {1} of the number is not a real date; the number is probably mistyped.");

    public static readonly LocalizedText BirthDateInFuture = new(
        "证件号码第{0}至{1}位的出生日期晚于今天,号码可能填错了。",
        "The birth date in characters {0} to {1} of the number lies in the future; the number is probably mistyped.");

    public static readonly LocalizedText BirthDateTooEarly = new(
        "证件号码第{0}至{1}位的出生日期早于1900年,号码可能填错了。",
        "The birth date in characters {0} to {1} of the number is before 1900; the number is probably mistyped.");

    public static readonly LocalizedText Legacy15Digit = new(
        "这是15位旧版身份证号码。平台需要18位号码,请填写现行居民身份证上的18位号码。",
        "This is an old 15-digit ID number. Platforms need the 18-character number: enter the one on the current resident identity card.");

    public static readonly LocalizedText TypoUnique = new(
        "号码可能输错了一位:把第{0}位的“{1}”改为“{2}”后号码有效。请对照证件确认,注意区分数字0和字母O、数字1和字母I、数字8和字母B。",
        "One character was probably mistyped: with character {0} changed from \"{1}\" to \"{2}\" the number is valid. Confirm it against the document; tell the digit 0 from the letter O, 1 from I and 8 from B.");

    public static readonly LocalizedText TypoAmbiguous = new(
        "号码可能混淆了数字0、1、8和字母O、I、B,但有{0}种改法都能使号码有效,无法确定是哪一位。请对照证件逐一核对这些字符。",
        "The number may confuse the digits 0, 1, 8 with the letters O, I, B, but {0} different single changes would make it valid, so which one cannot be told. Check each of these characters against the document.");

    // The selected document type against the number's shape.
    public static readonly LocalizedText UsccGivenForOther = new(
        "所填号码是18位统一社会信用代码,与所选的证件类型({0})不符。组织或企业请选择营业执照或统一社会信用代码证书;个人请填写本人证件上的号码。",
        "The number entered is an 18-character unified social credit code, which does not fit the document type selected ({0}). For an organisation or company select business licence or USCC certificate; for a person enter the number on their own document.");

    public static readonly LocalizedText ResidentIdGivenForOther = new(
        "所填号码是内地居民身份证号码,与所选的证件类型({0})不符。中国内地个人请选择居民身份证;组织或企业请填写证件上的18位统一社会信用代码。",
        "The number entered is a mainland resident ID number, which does not fit the document type selected ({0}). A person from the mainland selects resident identity card; an organisation enters the 18-character unified social credit code on its document.");

    public static readonly LocalizedText ResidencePermitGivenForId = new(
        "所填号码以81、82或83开头,是港澳台居民居住证号码,不是内地居民身份证号码。请选择港澳台居民居住证。",
        "The number entered begins with 81, 82 or 83: it is the number of a residence permit for Hong Kong, Macao and Taiwan residents, not of a mainland resident ID card. Select that permit as the document type.");

    public static readonly LocalizedText PassportGivenForId = new(
        "所填号码像是护照号码,与所选的证件类型({0})不符。请选择与号码一致的证件类型,或填写所选证件上的号码。",
        "The number entered looks like a passport number, which does not fit the document type selected ({0}). Select the document type the number belongs to, or enter the number printed on the selected document.");

    public static readonly LocalizedText HkMacaoPermitGivenForId = new(
        "所填号码像是港澳居民来往内地通行证号码(H或M开头),与所选的证件类型({0})不符。请选择港澳居民来往内地通行证。",
        "The number entered looks like the number of a Mainland Travel Permit for Hong Kong and Macao Residents (it begins with H or M), which does not fit the document type selected ({0}). Select that permit as the document type.");

    // Dates and validity.
    public static readonly LocalizedText DateNotReal = new(
        "{0}不是完整的真实日期,请按证件填写年、月、日。",
        "The {0} is not a complete, real date: enter the year, month and day printed on the document.");

    public static readonly LocalizedText IssueDateName = new("签发日期", "issue date");
    public static readonly LocalizedText ExpiryDateName = new("有效期截止日期", "expiry date");

    public static readonly LocalizedText IssueDateInFuture = new(
        "签发日期晚于今天,请按证件核对签发日期。",
        "The issue date lies in the future; check it against the document.");

    public static readonly LocalizedText IssuedBeforeBirth = new(
        "签发日期早于证件号码中的出生日期,请核对签发日期和证件号码。",
        "The issue date is before the birth date in the number; check both against the document.");

    public static readonly LocalizedText NewlyIssued = new(
        "证件签发不足10个自然日。审核机构核验新颁发的证件至少需要10个自然日,请在{0}(签发日期10个自然日后)或之后再提交认证。",
        "The document was issued less than 10 natural days ago. The verifying authority needs at least 10 natural days to know a newly issued document: submit the verification on or after {0}, 10 natural days after the issue date.");

    public static readonly LocalizedText LongTermWithExpiry = new(
        "同时填写了长期有效和有效期截止日期,请按证件只填其中一项。",
        "Both long-term validity and an expiry date were given; enter only the one the document shows.");

    public static readonly LocalizedText ExpiryNotAfterIssue = new(
        "有效期截止日期不晚于签发日期,请按证件核对这两个日期。",
        "The expiry date is not after the issue date; check both against the document.");

    public static readonly LocalizedText Expired = new(
        "证件已过有效期。请换领新证件后,用有效期内的证件认证。",
        "The document has expired. Renew it, then verify with a document that is still valid.");

    public static readonly LocalizedText ExpiringSoon = new(
        "证件距到期只剩{0}天(不超过{1}天)。临近过期的证件可能导致认证失败,建议先换领新证件再认证。",
        "The document expires in {0} days, within {1} days. A document about to expire can make the verification fail: renew it first.");

    public static readonly LocalizedText LongTermTooYoung = new(
        "长期有效的居民身份证只签发给签发时年满46周岁的人;按证件号码中的出生日期,持证人签发时未满46周岁,有效期应为{0}年。请核对有效期和签发日期。",
        "Long-term resident ID cards are issued only to holders aged 46 or over at issue; by the birth date in the number the holder was younger, so the card should be valid for {0} years. Check the validity period and the issue date.");

    public static readonly LocalizedText ShouldBeLongTerm = new(
        "按证件号码中的出生日期,持证人签发时已满46周岁,居民身份证应为长期有效。请核对有效期和签发日期。",
        "By the birth date in the number the holder was 46 or over at issue, so the resident ID card should be valid long-term. Check the validity period and the issue date.");

    public static readonly LocalizedText ValidityDoesNotFitAge = new(
        "有效期为{0}年,与持证人签发时的年龄不符(按居民身份证法应为{1}年)。请核对签发日期和有效期截止日期。",
        "The card is valid for {0} years, which does not fit the holder's age at issue (the Resident Identity Card Law gives {1} years). Check the issue and expiry dates.");

    public static readonly LocalizedText ValidityNotAStandardLength = new(
        "有效期长度不是居民身份证的5年、10年、20年或长期,请核对签发日期和有效期截止日期。",
        "The validity period is not one a resident ID card has (5, 10 or 20 years, or long-term); check the issue and expiry dates.");

    public static readonly LocalizedText TemporaryCardLongTerm = new(
        "临时居民身份证有效期为3个月,不会长期有效。请按证件填写有效期。",
        "A temporary resident identity card is valid for 3 months, never long-term. Enter the validity the card shows.");

    public static readonly LocalizedText TemporaryCardLength = new(
        "临时居民身份证有效期为3个月,所填签发日期和截止日期与此不符。请按证件核对。",
        "A temporary resident identity card is valid for 3 months, and the dates entered do not fit that. Check them against the card.");

    // Files.
    public static readonly LocalizedText FileTooSmall = new(
        "文件大小为{0},小于允许的最小值{1}(该渠道接受{1}至{2})。请用画图等工具以更高质量重新保存图片。",
        "The file is {0}, below the smallest size accepted, {1} (this channel takes {1} to {2}). Save the image again at a higher quality with an image editor.");

    public static readonly LocalizedText FileTooLarge = new(
        "文件大小为{0},超过允许的最大值{2}(该渠道接受{1}至{2})。请用画图等工具压缩或缩小后重新保存图片。",
        "The file is {0}, above the largest size accepted, {2} (this channel takes {1} to {2}). Compress or scale the image down with an image editor and save it again.");

    public static readonly LocalizedText FileFormatRefused = new(
        "文件格式为{0},该渠道只接受{1}。请用画图等工具打开图片后另存为接受的格式,不要直接修改文件后缀。",
        "The file is {0}, but this channel accepts only {1}. Open the image in an image editor and save it in an accepted format; do not just rename the file.");

    public static readonly LocalizedText FileExtensionMismatch = new(
        "文件实际是{0}格式,但文件名的后缀是“.{1}”。修改后缀不会转换格式,平台会识别失败;请用画图等工具打开后另存为所需格式。",
        "The file is really {0}, but its name ends in \".{1}\". Renaming does not convert a file, and the platform will fail to read it: open it in an image editor and save it in the format needed.");

    public static readonly LocalizedText FileNotColor = new(
        "图片是{0}的。平台要求原件的彩色扫描件或彩色照片,不接受黑白扫描件或复印件。",
        "The image is {0}. Platforms require a colour scan or colour photo of the original, not a black-and-white scan or a photocopy.");

    public static readonly LocalizedText Grayscale = new("灰度", "greyscale");
    public static readonly LocalizedText BlackAndWhite = new("黑白", "black and white");

    // Name fields.
    public static readonly LocalizedText ChineseNameLookAlike = new(
        "中文名称第{0}个字符{1}是形似的符号,证件上应为{2}。分隔符须与证件完全一致:间隔号是“·”,书名号是“《》”{3}。",
        "Character {0} of the Chinese name is {1}, a look-alike of {2}. Separators must match the document exactly: the middle dot is \"·\" and the title marks are \"《》\"{3}.");

    public static readonly LocalizedText EnglishNameFullWidth = new(
        "英文名称第{0}个字符{1}是全角字符。英文名称只能用半角字符,全角字符或标点会导致认证失败或转人工复审{2}。",
        "Character {0} of the English name is {1}, a full-width character. The English name takes half-width characters only; full-width characters or punctuation make the verification fail or go to manual review{2}.");

    public static readonly LocalizedText EnglishNameSeparator = new(
        "英文名称第{0}个字符{1}是分隔符。英文名称中须删除间隔号“·”和书名号“《》”{2}。",
        "Character {0} of the English name is {1}, a separator. The middle dot \"·\" and the title marks \"《》\" must be removed from the English name{2}.");

    // Subject.
    public static readonly LocalizedText RegionMismatch = new(
        "所属区域选择了{0},但{1}对应的所属区域是{2}。请按证件所标记的地区选择所属区域。",
        "The region selected is {0}, but a {1} belongs to {2}. Select the region the document is marked with.");

    public static readonly LocalizedText CountryCodeAreaCode = new(
        "国家代码以0开头,像是国内区号。中国的国家代码是86;请使用系统默认值,不要把国内区号填在国家代码处。",
        "The country code begins with 0, like a domestic area code. The country code of China is 86: keep the default and do not put an area code in the country-code field.");

    public static readonly LocalizedText CountryCodeNotDigits = new(
        "国家代码只能填数字(中国为86),不要包含“+”、空格或其他符号。",
        "The country code takes digits only (86 for China), without \"+\", spaces or other symbols.");

    public static readonly LocalizedText CountryCodeTooLong = new(
        "国家代码最多3位数字(中国为86),所填内容过长,可能填入了区号或电话号码。",
        "A country code has at most 3 digits (86 for China); what was entered is longer, perhaps an area code or a telephone number.");

    public static readonly LocalizedText CountryCodeNotChina = new(
        "所属区域为中国内地,但国家代码不是86。中国内地的国家代码是86,请确认没有把区号填在国家代码处。",
        "The region is mainland China, but the country code is not 86. Mainland China's country code is 86; make sure no area code went into the country-code field.");
}
