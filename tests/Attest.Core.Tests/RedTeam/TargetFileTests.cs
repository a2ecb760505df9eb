using Attest.Core.DataFiles;
using Attest.Core.Features.RedTeam;
using Shouldly;

namespace Attest.Core.Tests.RedTeam;

public sealed class TargetFileTests
{
    [Theory]
    [InlineData("type: openai\nbase_url: ftp://models.example\nmodel: m", "t.yaml:3: base_url: \"ftp://models.example\" is not an http(s) URL")]
    [InlineData("type: openai\nbase_url: http://127.0.0.1:1/v1\nmodel: m\napi_key: sk-live-123", "t.yaml:5: api_key: a key does not belong in the target file; put it in an environment variable and name the variable with api_key_env")]
    [InlineData("type: http\nurl: http://127.0.0.1:1/chat\nbody: '{\"q\": 1}'\nresponse_path: $.a", "t.yaml:4: body: the request template has no {{prompt}}")]
    [InlineData("type: http\nurl: http://127.0.0.1:1/chat\nbody: '{\"q\": {{prompt}}}'\nresponse_path: $.a\nheaders:\n  Authorization: Bearer sk-live-123", "t.yaml:7: headers.Authorization: a secret does not belong in the target file; put it in an environment variable and write {{env.NAME}}")]
    [InlineData("type: http\nurl: http://127.0.0.1:1/chat\nbody: '{\"q\": {{prompt}}}'\nresponse_path: reply", "t.yaml:5: response_path: \"reply\" is not a JSON path")]
    [InlineData("type: carrier_pigeon", "t.yaml:2: type: expected one of openai, http, recorded, got \"carrier_pigeon\"")]
    public void Bad_target_files_name_the_line_and_field(string body, string expectedStart)
    {
        var e = Should.Throw<DataFileException>(() => TargetFile.Parse("format: attest.redteam-target/v1\n" + body, "t.yaml"));
        e.Errors[0].ToString().ShouldStartWith(expectedStart);
    }

    [Fact]
    public void A_key_comes_from_the_environment_variable_the_file_names()
    {
        var spec = TargetFile.Parse("format: attest.redteam-target/v1\ntype: openai\nbase_url: http://127.0.0.1:1/v1\nmodel: m\napi_key_env: ATTEST_TEST_KEY", "t.yaml");
        Should.Throw<TargetConfigurationException>(() => Targets.Create(spec, environment: _ => null))
            .Message.ShouldBe("the environment variable ATTEST_TEST_KEY (api_key_env) is not set; export the key there");
        Targets.Create(spec, environment: _ => "sk-test").ShouldBeOfType<OpenAiTarget>();
    }
}
