using System.Net;
using Attest.Engine.Signals;

namespace Attest.Engine.Tests.Signals;

public sealed class WebhookTargetsTests
{
    [Theory]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.0.9", "loopback")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.10", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("255.255.255.255", "multicast or reserved")]
    [InlineData("::", "unspecified")]
    [InlineData("::1", "loopback")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fc00::1", "unique-local")]
    [InlineData("fd12:3456:789a::1", "unique-local")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("2002:0a00:0001::1", "private")]
    [InlineData("64:ff9b::a9fe:a9fe", "link-local")]
    public void Addresses_inside_this_machine_or_a_private_network_are_refused(string address, string reason) =>
        WebhookTargets.Refusal(IPAddress.Parse(address)).ShouldNotBeNull().ShouldContain(reason);

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("169.253.1.1")]
    [InlineData("100.63.255.255")]
    [InlineData("11.0.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("fbff::1")]
    public void Public_addresses_are_allowed(string address) =>
        WebhookTargets.Refusal(IPAddress.Parse(address)).ShouldBeNull();

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("LOCALHOST.", true)]
    [InlineData("api.localhost", true)]
    [InlineData("localhost.example.com", false)]
    [InlineData("hooks.example.com", false)]
    public void Local_names_are_this_machine(string host, bool local) => WebhookTargets.IsLocalName(host).ShouldBe(local);

    [Fact]
    public void The_allow_list_matches_names_case_insensitively_and_addresses_by_value()
    {
        string[] allow = ["Hooks.Internal.Example", "127.0.0.1", "[::1]", " 10.0.0.5 "];
        WebhookTargets.IsAllowed("hooks.internal.example", allow).ShouldBeTrue();
        WebhookTargets.IsAllowed("127.0.0.1", allow).ShouldBeTrue();
        WebhookTargets.IsAllowed("[::1]", allow).ShouldBeTrue();
        WebhookTargets.IsAllowed("[0:0:0:0:0:0:0:1]", allow).ShouldBeTrue();
        WebhookTargets.IsAllowed("10.0.0.5", allow).ShouldBeTrue();
        WebhookTargets.IsAllowed("10.0.0.6", allow).ShouldBeFalse();
        WebhookTargets.IsAllowed("other.internal.example", allow).ShouldBeFalse();
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1 is a loopback address")]
    [InlineData("[::1]", "::1 is a loopback address")]
    [InlineData("169.254.169.254", "169.254.169.254 is a link-local address")]
    [InlineData("localhost", "localhost is this machine")]
    [InlineData("10.0.0.5", null)]
    [InlineData("hooks.example.com", null)]
    [InlineData("93.184.216.34", null)]
    public void A_host_as_written_is_judged_at_save_with_the_allow_list(string host, string? refusal)
    {
        var why = WebhookTargets.RefusalOfHost(host, ["10.0.0.5"]);
        if (refusal is null) why.ShouldBeNull();
        else why.ShouldNotBeNull().ShouldStartWith(refusal);
    }
}
