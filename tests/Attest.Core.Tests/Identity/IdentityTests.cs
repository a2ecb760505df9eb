using Attest.Core.Common;
using Attest.Core.Features.Identity;
using Attest.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Core.Tests.Identity;

public sealed class IdentityTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async ValueTask InitializeAsync() => _db = await TestDatabase.CreateAsync();
    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_API_key_is_shown_once_stored_only_as_a_hash_and_recorded_on_the_ledger()
    {
        var created = (await _db.Get<CreateApiKey>().ExecuteAsync(new ApiKeyInput { Name = "ci", Roles = ["ml_engineer"] }, Actors.Dana, Ct)).Value!;

        created.Secret.ShouldStartWith("atk_");
        await using var ctx = _db.NewContext();
        var stored = await ctx.ApiKeys.SingleAsync(Ct);
        stored.SecretHash.ShouldBe(ApiKeySecrets.Hash(created.Secret));
        stored.SecretHash.ShouldNotContain(created.Secret[4..]);
        var entry = await ctx.Ledger.SingleAsync(Ct);
        entry.Action.ShouldBe("api_key.created");
        entry.PayloadJson.ShouldNotContain(created.Secret);
        entry.PayloadJson.ShouldNotContain(stored.SecretHash);

        var caller = await _db.Get<AuthenticateApiKey>().ExecuteAsync(created.Secret, Ct);
        caller!.Actor.Id.ShouldBe($"key:{created.Key.Id}");
        caller.Roles.ShouldBe(["ml_engineer"]);
    }

    [Fact]
    public async Task Wrong_revoked_and_expired_keys_are_refused()
    {
        var revoked = (await _db.Get<CreateApiKey>().ExecuteAsync(new ApiKeyInput { Name = "old", Roles = ["auditor"] }, Actors.Dana, Ct)).Value!;
        var expiring = (await _db.Get<CreateApiKey>().ExecuteAsync(new ApiKeyInput { Name = "temp", Roles = ["auditor"], ExpiresAt = _db.Clock.GetUtcNow().AddDays(1) }, Actors.Dana, Ct)).Value!;
        (await _db.Get<RevokeApiKey>().ExecuteAsync(revoked.Key.Id, Actors.Dana, Ct)).IsOk.ShouldBeTrue();

        (await _db.Get<AuthenticateApiKey>().ExecuteAsync(revoked.Secret, Ct)).ShouldBeNull();
        (await _db.Get<AuthenticateApiKey>().ExecuteAsync("atk_not-a-real-key-at-all", Ct)).ShouldBeNull();
        (await _db.Get<AuthenticateApiKey>().ExecuteAsync(expiring.Secret, Ct)).ShouldNotBeNull();
        _db.Clock.Advance(TimeSpan.FromDays(1));
        (await _db.Get<AuthenticateApiKey>().ExecuteAsync(expiring.Secret, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task A_key_revoked_here_is_refused_at_once_and_on_another_instance_within_the_revocation_check_interval()
    {
        var key = (await _db.Get<CreateApiKey>().ExecuteAsync(new ApiKeyInput { Name = "svc", Roles = ["auditor"] }, Actors.Dana, Ct)).Value!;
        await using var other = _db.NewInstance();
        Task<CallerIdentity?> HereAsync() => _db.Get<AuthenticateApiKey>().ExecuteAsync(key.Secret, Ct);
        Task<CallerIdentity?> ThereAsync() => other.CreateScope().ServiceProvider.GetRequiredService<AuthenticateApiKey>().ExecuteAsync(key.Secret, Ct);
        (await HereAsync()).ShouldNotBeNull();
        (await ThereAsync()).ShouldNotBeNull();

        (await _db.Get<RevokeApiKey>().ExecuteAsync(key.Key.Id, Actors.Dana, Ct)).IsOk.ShouldBeTrue();

        (await HereAsync()).ShouldBeNull();
        // The other instance still remembers the key until its next look at the key table: that is the bound...
        (await ThereAsync()).ShouldNotBeNull();
        other.GetRequiredService<ApiKeyCache>().TryGet(ApiKeySecrets.Hash(key.Secret)).ShouldNotBeNull();
        _db.Clock.Advance(ApiKeyCache.RevocationCheckInterval);
        // ...and no longer.
        other.GetRequiredService<ApiKeyCache>().TryGet(ApiKeySecrets.Hash(key.Secret)).ShouldBeNull();
        (await ThereAsync()).ShouldBeNull();
        (await HereAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task A_remembered_key_is_refused_once_it_expires_and_read_again_after_its_lifetime()
    {
        var key = (await _db.Get<CreateApiKey>().ExecuteAsync(new ApiKeyInput { Name = "temp", Roles = ["auditor"], ExpiresAt = _db.Clock.GetUtcNow().AddSeconds(45) }, Actors.Dana, Ct)).Value!;
        var cache = _db.Get<ApiKeyCache>();
        var hash = ApiKeySecrets.Hash(key.Secret);
        (await _db.Get<AuthenticateApiKey>().ExecuteAsync(key.Secret, Ct)).ShouldNotBeNull();
        cache.TryGet(hash).ShouldNotBeNull();
        _db.Clock.Advance(ApiKeyCache.RevocationCheckInterval / 2);
        cache.TryGet(hash).ShouldNotBeNull();

        // Past the entry's lifetime the key is read from the database again (and remembered again).
        _db.Clock.Advance(ApiKeyCache.EntryLifetime);
        cache.TryGet(hash).ShouldBeNull();
        (await _db.Get<AuthenticateApiKey>().ExecuteAsync(key.Secret, Ct)).ShouldNotBeNull();
        cache.TryGet(hash).ShouldNotBeNull();

        // Past its expiry it is refused, remembered or not.
        _db.Clock.Advance(TimeSpan.FromSeconds(15));
        cache.TryGet(hash).ShouldBeNull();
        (await _db.Get<AuthenticateApiKey>().ExecuteAsync(key.Secret, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task Keys_and_users_need_real_roles()
    {
        var key = await _db.Get<CreateApiKey>().ExecuteAsync(new ApiKeyInput { Name = "x", Roles = ["superuser"] }, Actors.Dana, Ct);
        var user = await _db.Get<CreateUser>().ExecuteAsync(new UserInput { UserName = "lee", DisplayName = "Lee", Roles = ["auditor"], Specialties = ["privacy"] }, Actors.Dana, Ct);

        key.Errors.Keys.ShouldBe(["roles[0]"]);
        user.Errors.Keys.ShouldBe(["specialties"]);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_fifteen_minutes()
    {
        (await _db.Get<CreateUser>().ExecuteAsync(new UserInput { UserName = "dana", DisplayName = "Dana Kim", Roles = ["reviewer"], Specialties = ["fairness"], Password = "correct horse battery" }, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        var signIn = _db.Get<SignInWithPassword>();

        (await signIn.ExecuteAsync("dana", "correct horse battery", Ct)).Value!.Actor.Id.ShouldBe("user:dana");
        for (var i = 0; i < SignInWithPassword.MaxFailures; i++)
            (await signIn.ExecuteAsync("dana", "guess " + i, Ct)).Kind.ShouldBe(ResultKind.Forbidden);

        (await signIn.ExecuteAsync("dana", "correct horse battery", Ct)).Kind.ShouldBe(ResultKind.Forbidden, "locked even with the right password");
        _db.Clock.Advance(SignInWithPassword.Lockout);
        var after = await signIn.ExecuteAsync("dana", "correct horse battery", Ct);
        after.IsOk.ShouldBeTrue();
        after.Value!.Specialties.ShouldBe(["fairness"]);
    }

    [Fact]
    public async Task A_generated_password_is_returned_once_and_works()
    {
        var created = (await _db.Get<CreateUser>().ExecuteAsync(new UserInput { UserName = "Admin", DisplayName = "Ada Admin", Roles = ["admin"] }, Actors.Dana, Ct)).Value!;

        created.User.UserName.ShouldBe("admin");
        created.GeneratedPassword!.Length.ShouldBe(20);
        (await _db.Get<SignInWithPassword>().ExecuteAsync("ADMIN", created.GeneratedPassword, Ct)).IsOk.ShouldBeTrue();
        await using var ctx = _db.NewContext();
        (await ctx.Ledger.SingleAsync(Ct)).PayloadJson.ShouldNotContain("pbkdf2");
    }

    [Fact]
    public async Task Setup_mode_ends_for_good_even_when_the_last_key_is_revoked()
    {
        var key = (await _db.Get<CreateApiKey>().ExecuteAsync(new ApiKeyInput { Name = "ci", Roles = ["admin"] }, Actors.Dana, Ct)).Value!;
        (await _db.Get<RevokeApiKey>().ExecuteAsync(key.Key.Id, Actors.Dana, Ct)).IsOk.ShouldBeTrue();

        (await _db.Get<IsSetupMode>().ExecuteAsync(Ct)).ShouldBeFalse();
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("dana@")]
    [InlineData("@example.com")]
    [InlineData("dana@example")]
    [InlineData("Dana Kim <dana@example.com>")]
    [InlineData("dana@exa mple.com")]
    public async Task A_malformed_email_is_refused_naming_the_field(string email)
    {
        var result = await _db.Get<CreateUser>().ExecuteAsync(new UserInput { UserName = "dana", DisplayName = "Dana Kim", Email = email, Roles = ["auditor"] }, Actors.Dana, Ct);

        result.Errors.Keys.ShouldContain("email");
    }

    [Fact]
    public void Plain_addresses_are_accepted_and_an_empty_one_means_none()
    {
        Attest.Core.Common.EmailAddresses.IsValid("dana.kim+ai@example.co.uk").ShouldBeTrue();
        Attest.Core.Common.EmailAddresses.IsValid(null).ShouldBeTrue();
        Attest.Core.Common.EmailAddresses.IsValid(new string('a', 250) + "@example.com").ShouldBeFalse();
    }

    [Fact]
    public async Task Setup_mode_lasts_until_the_first_user_or_key()
    {
        (await _db.Get<IsSetupMode>().ExecuteAsync(Ct)).ShouldBeTrue();

        await _db.Get<CreateApiKey>().ExecuteAsync(new ApiKeyInput { Name = "ci", Roles = ["auditor"] }, Actors.Dana, Ct);

        (await _db.Get<IsSetupMode>().ExecuteAsync(Ct)).ShouldBeFalse();
    }

    [Fact]
    public void Password_hashes_verify_only_the_right_password_and_are_salted()
    {
        var a = PasswordHashing.Hash("correct horse battery");
        var b = PasswordHashing.Hash("correct horse battery");

        a.ShouldNotBe(b);
        PasswordHashing.Verify("correct horse battery", a).ShouldBeTrue();
        PasswordHashing.Verify("correct horse batterY", a).ShouldBeFalse();
        PasswordHashing.Verify("x", "md5$garbage").ShouldBeFalse();
    }
}
