import Gateway

/// Every provider type the gateway knows: its config type and its adapter. Adding a provider means
/// writing its adapter and config type and adding one line here.
public enum ProviderRegistry {
    public static let builtIn: [ProviderPlugin] = [
        CarGurusAdapter.plugin,
        MyKaarmaAdapter.plugin,
        SendSMSAdapter.plugin,
    ]
}
