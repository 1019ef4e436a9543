using RealNameApi.Rpc.Protocol;

namespace RealNameApi.Rpc.Tests;

/// <summary>The small encodings of PROTOCOL-HTTP2: grpc-timeout, percent-encoded grpc-message, base64 -bin values.</summary>
public sealed class WireEncodingTests
{
    [Theory]
    [InlineData("2H", 2 * 3600_0000000L)]
    [InlineData("3M", 3 * 60_0000000L)]
    [InlineData("4S", 4_0000000L)]
    [InlineData("5m", 5_0000L)]
    [InlineData("6u", 60L)]
    [InlineData("700n", 7L)]
    [InlineData("1n", 1L)] // rounded up, never to zero
    [InlineData("99999999S", 99999999_0000000L)]
    public void Timeout_parses_every_unit(string value, long ticks)
    {
        Assert.True(GrpcTimeout.TryParse(value, out var timeout));
        Assert.Equal(ticks, timeout.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("5")]
    [InlineData("5s")]
    [InlineData("5 S")]
    [InlineData("123456789m")]
    [InlineData("+5S")]
    public void Timeout_rejects_what_the_grammar_does_not_allow(string value) => Assert.False(GrpcTimeout.TryParse(value, out _));

    [Theory]
    [InlineData(0.0001, "100n")]
    [InlineData(1.5, "1500000n")]
    [InlineData(250, "250000u")]
    [InlineData(30_000, "30000000u")]
    [InlineData(200_000, "200000m")]
    [InlineData(3_600_000.0 * 24 * 400, "34560000S")]
    [InlineData(3_600_000.0 * 24 * 5000, "7200000M")]
    public void Timeout_formats_in_the_finest_unit_that_fits_8_digits(double milliseconds, string expected)
    {
        var formatted = GrpcTimeout.Format(TimeSpan.FromMilliseconds(milliseconds));

        Assert.Equal(expected, formatted);
        Assert.True(formatted.Length <= 9);
        Assert.True(GrpcTimeout.TryParse(formatted, out var parsed));
        Assert.True(parsed >= TimeSpan.FromMilliseconds(milliseconds));
    }

    [Theory]
    [InlineData("plain ASCII stays", "plain ASCII stays")]
    [InlineData("100%", "100%25")]
    [InlineData("无效", "%E6%97%A0%E6%95%88")]
    [InlineData("tab\there", "tab%09here")]
    public void Grpc_message_percent_encoding_round_trips(string text, string wire)
    {
        Assert.Equal(wire, PercentEncoding.Encode(text));
        Assert.Equal(text, PercentEncoding.Decode(wire));
    }

    [Theory]
    [InlineData("broken %ZZ stays", "broken %ZZ stays")]
    [InlineData("cut off %E6%97", "cut off \uFFFD")]
    [InlineData("trailing %", "trailing %")]
    [InlineData("%4", "%4")]
    public void Invalid_percent_encoding_is_decoded_without_failing(string wire, string expected) =>
        Assert.Equal(expected, PercentEncoding.Decode(wire));

    [Theory]
    [InlineData("AQID", new byte[] { 1, 2, 3 })]
    [InlineData("AQI", new byte[] { 1, 2 })]
    [InlineData("AQI=", new byte[] { 1, 2 })]
    [InlineData("AQ", new byte[] { 1 })]
    [InlineData("AQ==", new byte[] { 1 })]
    [InlineData("", new byte[0])]
    public void Binary_values_accept_padded_and_unpadded_base64(string value, byte[] expected)
    {
        Assert.True(Base64Values.TryDecode(value, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("A")]
    [InlineData("A*BC")]
    public void Binary_values_reject_invalid_base64(string value) => Assert.False(Base64Values.TryDecode(value, out _));

    [Fact]
    public void Binary_values_are_sent_unpadded() => Assert.Equal("AQ", Base64Values.EncodeUnpadded([1]));
}
