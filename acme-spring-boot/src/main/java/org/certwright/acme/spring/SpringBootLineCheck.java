package org.certwright.acme.spring;

import java.util.Optional;

/**
 * The Spring Boot 3 artifact on Spring Boot 4 (or the reverse) would not fail: its conditions name
 * classes that are not there, so it would quietly start without the health indicator and with the
 * wrong challenge listener. This check turns the mix-up into a start-up failure that names the
 * right starter.
 */
final class SpringBootLineCheck {

    private SpringBootLineCheck() {
    }

    /**
     * @param runningVersion Spring Boot's version as it reports it; empty when it cannot tell (a
     *                       repackaged jar without a manifest), which passes
     * @throws IllegalStateException if it is another major version than this artifact's
     */
    static void check(Optional<String> runningVersion) {
        runningVersion.map(String::strip).filter(v -> !v.isEmpty()).ifPresent(version -> {
            String major = version.split("\\.", 2)[0];
            if (!major.equals(Integer.toString(SpringBootLine.MAJOR))) {
                String instead = switch (major) {
                    case "3" -> "depend on org.certwright:certwright-spring-boot-starter instead";
                    case "4" -> "depend on org.certwright:certwright-spring-boot4-starter instead";
                    default -> "Certwright has no starter for Spring Boot " + major + " yet";
                };
                throw new IllegalStateException("This application runs Spring Boot " + version + ", but "
                        + SpringBootLine.STARTER + " is built for Spring Boot " + SpringBootLine.MAJOR + ".x: "
                        + instead);
            }
        });
    }
}
