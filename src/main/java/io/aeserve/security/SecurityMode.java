package io.aeserve.security;

/** How the service treats callers when no API key and no token issuer is configured. */
public enum SecurityMode {
    /**
     * The default. With keys or an issuer configured, every API call needs a key or token with the right scope.
     * With neither, only clients on this machine (loopback) reach the API, with every scope; everyone else gets
     * 401 with how to configure keys.
     */
    PROTECTED,
    /** Everyone gets every scope without credentials. Logged as a warning at start-up and shown in info. */
    OPEN
}
