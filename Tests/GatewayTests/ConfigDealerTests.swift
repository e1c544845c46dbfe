import Testing
@testable import Gateway

@Suite("Config dealers: provider accounts and the fields each type needs")
struct ConfigDealerTests {
    static func config(dealers: String) -> String {
        ConfigTestSupport.providers + "\ndealers:\n" + dealers
    }

    @Test("each type's dealer settings are read, with defaults")
    func valid() throws {
        let config = try ConfigTestSupport.load(Self.config(dealers: """
              quirk-vw:
                provider: cg
                cargurus_dealer_id: sp61504
              by-phone:
                provider: cg
                from: "+16175551212"
              lakeside-honda:
                provider: mk
                department_uuid: "dep"
                user_uuid: "usr"
              flags:
                provider: mk
                department_uuid: "dep2"
                user_uuid: "usr2"
                add_tcpa_footer: false
                add_signature: true
                add_footer: true
                send_vcard: true
              sunrise-auto:
                provider: ss
                from: "+18885551212"
                from_mask: "SunriseAuto"
                campaign_ref: campaign2345
                click_tracking: false
              plain-sendsms:
                provider: ss
                from: "+18885551213"
            """))
        let quirk = try #require(config.dealers["quirk-vw"])
        #expect(quirk.key == "quirk-vw" && quirk.providerAccount == "cg")
        #expect(quirk.settings as? CarGurusDealerSettings == CarGurusDealerSettings(cargurusDealerID: "sp61504", from: nil))
        #expect(config.dealers["by-phone"]?.settings as? CarGurusDealerSettings
            == CarGurusDealerSettings(cargurusDealerID: nil, from: "+16175551212"))
        #expect(config.dealers["lakeside-honda"]?.settings as? MyKaarmaDealerSettings == MyKaarmaDealerSettings(
            departmentUUID: "dep", userUUID: "usr", addTCPAFooter: true, addSignature: false, addFooter: false, sendVCard: false))
        #expect(config.dealers["flags"]?.settings as? MyKaarmaDealerSettings == MyKaarmaDealerSettings(
            departmentUUID: "dep2", userUUID: "usr2", addTCPAFooter: false, addSignature: true, addFooter: true, sendVCard: true))
        #expect(config.dealers["sunrise-auto"]?.settings as? SendSMSDealerSettings == SendSMSDealerSettings(
            from: "+18885551212", fromMask: "SunriseAuto", campaignRef: "campaign2345", clickTracking: false))
        #expect(config.dealers["plain-sendsms"]?.settings as? SendSMSDealerSettings
            == SendSMSDealerSettings(from: "+18885551213", fromMask: nil, campaignRef: nil, clickTracking: nil))
    }

    @Test("a dealer must name an existing provider account")
    func unknownAccount() {
        #expect(ConfigTestSupport.descriptions(Self.config(dealers: """
              quirk-vw:
                provider: cargurus-mian
                cargurus_dealer_id: sp61504
              no-provider:
                cargurus_dealer_id: sp1
            """)) == [
            "dealers.quirk-vw.provider: no provider account named \"cargurus-mian\"",
            "dealers.no-provider.provider: is required",
        ])
    }

    @Test("a dealer of a broken account is checked against the account's type, not called missing")
    func brokenAccount() {
        #expect(ConfigTestSupport.descriptions("""
            providers:
              cg: {type: cargurus, app_id: a}
            dealers:
              d: {provider: cg}
            """) == [
            "providers.cg.auth_token: is required",
            "dealers.d: a cargurus dealer needs cargurus_dealer_id or from",
        ])
    }

    @Test("each type's required fields and formats")
    func requiredFields() {
        #expect(ConfigTestSupport.descriptions(Self.config(dealers: """
              cg-none:
                provider: cg
              cg-bad-from:
                provider: cg
                from: "6175551212"
              mk-none:
                provider: mk
              ss-none:
                provider: ss
              ss-bad:
                provider: ss
                from: "+0123"
                from_mask: "TwelveChars!"
                click_tracking: "no"
              mask-ok:
                provider: ss
                from: "+18885551212"
                from_mask: "ÉlevenChars"
            """)) == [
            "dealers.cg-none: a cargurus dealer needs cargurus_dealer_id or from",
            "dealers.cg-bad-from.from: must be a phone number in E.164 form (+ then country code and number, up to 15 digits)",
            "dealers.mk-none.department_uuid: is required",
            "dealers.mk-none.user_uuid: is required",
            "dealers.ss-none.from: is required",
            "dealers.ss-bad.from: must be a phone number in E.164 form (+ then country code and number, up to 15 digits)",
            "dealers.ss-bad.from_mask: must be at most 11 characters",
            "dealers.ss-bad.click_tracking: must be true or false",
        ])
    }

    @Test("a key of another provider type is unknown for this dealer")
    func otherTypesKeys() {
        #expect(ConfigTestSupport.descriptions(Self.config(dealers: """
              d:
                provider: mk
                department_uuid: a
                user_uuid: b
                from: "+18885551212"
            """)) == [
            "dealers.d.from: unknown key (expected one of: add_footer, add_signature, add_tcpa_footer, department_uuid, provider, send_vcard, user_uuid)",
        ])
    }

    @Test("\"*\" cannot be a dealer key, and a dealer must be a mapping")
    func reservedKey() {
        #expect(ConfigTestSupport.descriptions(Self.config(dealers: """
              "*":
                provider: ss
                from: "+18885551212"
              flat: ss
            """)) == [
            "dealers.*: \"*\" cannot be a dealer key",
            "dealers.flat: must be a mapping",
        ])
    }
}
