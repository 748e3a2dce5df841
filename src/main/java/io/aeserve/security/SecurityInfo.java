package io.aeserve.security;

/**
 * How the service is secured, as {@code /actuator/info} shows it.
 *
 * @param mode {@code protected} or {@code open}
 * @param apiKeys how many API keys are configured
 * @param bearerTokens whether bearer tokens from an issuer are accepted
 * @param warning set when the API is open to more than it should be
 */
record SecurityInfo(String mode, int apiKeys, boolean bearerTokens, String warning) {

    static SecurityInfo of(SecurityProperties properties, ApiKeys keys, BearerCredentials credentials) {
        boolean tokens = properties.jwt().configured();
        String warning = null;
        if (properties.mode() == SecurityMode.OPEN) {
            warning = "open mode: every client gets every scope without credentials";
        } else if (!credentials.configured()) {
            warning = "no credentials configured: only clients on this machine reach the API";
        }
        return new SecurityInfo(properties.mode().name().toLowerCase(), keys.size(), tokens, warning);
    }
}
