package io.aeserve.security;

import java.util.ArrayList;
import java.util.List;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;

/**
 * Decodes and checks bearer JWTs: signature against the issuer's keys, expiry and not-before, the issuer when one is
 * configured, and the audience when one is. The issuer's keys are found on first use, so the service starts while
 * the identity provider is away.
 */
final class TokenDecoders {

    private TokenDecoders() {}

    static JwtDecoder of(SecurityProperties.Jwt settings) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        if (SecurityProperties.hasText(settings.issuerUri())) {
            validators.add(new JwtIssuerValidator(settings.issuerUri()));
        }
        if (SecurityProperties.hasText(settings.audience())) {
            validators.add(new JwtAudienceValidator(settings.audience()));
        }
        OAuth2TokenValidator<Jwt> validator = JwtValidators.createDefaultWithValidators(validators);
        JwtDecoder decoder = new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder nimbus = SecurityProperties.hasText(settings.jwkSetUri())
                    ? NimbusJwtDecoder.withJwkSetUri(settings.jwkSetUri()).build()
                    : NimbusJwtDecoder.withIssuerLocation(settings.issuerUri()).build();
            nimbus.setJwtValidator(validator);
            return nimbus;
        });
        return token -> {
            try {
                return decoder.decode(token);
            } catch (JwtDecoderInitializationException e) {
                // the identity provider is away: the token cannot be checked, which is no server fault
                throw new JwtException("The token issuer's signing keys cannot be fetched: " + e.getMessage(), e);
            }
        };
    }
}
