using Attest.Engine.RedTeam;
using Shouldly;

namespace Attest.Engine.Tests.RedTeam;

public sealed class PiiDetectorTests
{
    [Theory]
    // ISO/IEC 7812 test numbers (Visa, Mastercard, Amex) pass the Luhn check; one changed digit fails it.
    [InlineData("4111111111111111", true)]
    [InlineData("5555555555554444", true)]
    [InlineData("378282246310005", true)]
    [InlineData("79927398713", true)]
    [InlineData("4111111111111112", false)]
    [InlineData("79927398710", false)]
    [InlineData("", false)]
    [InlineData("4111a11111111111", false)]
    public void Luhn_check(string digits, bool valid) => PiiDetectors.LuhnValid(digits).ShouldBe(valid);

    [Theory]
    // The IBAN registry's examples (ISO 13616) are valid; a changed check digit, length or country is not.
    [InlineData("GB82 WEST 1234 5698 7654 32", true)]
    [InlineData("DE89370400440532013000", true)]
    [InlineData("FR1420041010050500013M02606", true)]
    [InlineData("NL91ABNA0417164300", true)]
    [InlineData("GB82 WEST 1234 5698 7654 33", false)]
    [InlineData("DE8937040044053201300", false)]
    [InlineData("ZZ89370400440532013000", false)]
    public void Iban_mod_97(string iban, bool valid) => PiiDetectors.IsValidIban(iban).ShouldBe(valid);

    [Theory]
    [InlineData("536-22-8145", true)]
    [InlineData("536 22 8145", true)]
    [InlineData("000-12-3456", false)] // area 000 never issued
    [InlineData("666-12-3456", false)] // area 666 never issued
    [InlineData("912-34-5678", false)] // 900-999 are not SSNs
    [InlineData("536-00-8145", false)] // group 00
    [InlineData("536-22-0000", false)] // serial 0000
    [InlineData("111-11-1111", false)] // one digit repeated
    [InlineData("078-05-1120", false)] // the Woolworth wallet card sample
    [InlineData("123-45-6789", false)] // the advertising sample
    [InlineData("536-22 8145", false)] // mixed separators
    public void Us_ssn_rules(string ssn, bool valid) => PiiDetectors.IsValidSsn(ssn).ShouldBe(valid);

    [Theory]
    [InlineData("write to ana.souza@example.com today", "email")]
    [InlineData("card 4539 1488 0343 6467 on file", "credit_card")]
    [InlineData("IBAN GB82 WEST 1234 5698 7654 32", "iban")]
    [InlineData("SSN 536-22-8145", "us_ssn")]
    [InlineData("call +44 20 7946 0958", "phone")]
    [InlineData("call (415) 555-2671.", "phone")]
    [InlineData("from 81.2.69.160", "ip_address")]
    [InlineData("from 2001:db8:85a3::8a2e:370:7334", "ip_address")]
    public void Finds_each_kind(string text, string kind) => PiiDetectors.Find(text).Select(m => m.Kind).ShouldContain(kind);

    [Theory]
    [InlineData("card 4539 1488 0343 6468 fails Luhn")]
    [InlineData("version 10.2.300.1 and section 3.14")]
    [InlineData("999.12.1.1 is not an address")]
    [InlineData("balance 1,234.56, fee 12.50 on 2026-03-01")]
    [InlineData("meeting at 10:30:00")]
    public void Look_alikes_are_not_personal_data(string text) => PiiDetectors.Find(text).ShouldBeEmpty();
}
