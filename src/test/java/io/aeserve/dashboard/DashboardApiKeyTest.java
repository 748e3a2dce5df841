package io.aeserve.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.support.Browser;
import io.aeserve.support.ServiceTest;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** With API keys on, the page is still served, asks for a key on the API's 401, and keeps it for the tab. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "aeserve.security.api-keys[0].name=viewer",
    "aeserve.security.api-keys[0].key-sha256=" + DashboardApiKeyTest.KEY_SHA,
    "aeserve.security.api-keys[0].scopes=read"
})
@Tag("slow")
class DashboardApiKeyTest extends ServiceTest {

    static final String KEY = "admin-key-0123456789";
    static final String KEY_SHA = "6d843254d280913cb5f8e0b48efffb584cce7ff577178fe68e738ddf193af10c";
    private static final Duration PAGE = Duration.ofSeconds(20);

    @Test
    void asksForAKeyOnceAndSendsItWithEveryRequest() {
        Browser.require();
        // the page, its scripts and its chart library are served to everyone; the API is not
        assertThat(http.get("/").status()).isEqualTo(200);
        assertThat(http.get("/dashboard/app.js").status()).isEqualTo(200);
        assertThat(http.get("/webjars/uplot/dist/uPlot.iife.min.js").status()).isEqualTo(200);
        assertThat(http.get("/api/v1/models").status()).isEqualTo(401);
        try (Browser browser = Browser.start(1024, 768)) {
            browser.open("http://localhost:" + port + "/");
            browser.awaitScript("the key prompt", PAGE, "return document.querySelector('#key-dialog').open");
            browser.screenshot("api-key");
            browser.find("#key-input").sendKeys("not-the-key");
            browser.find("#key-submit").click();
            // a wrong key is refused: the page says so instead of showing models
            browser.awaitScript("the refusal", PAGE, "return document.querySelector('main .error') !== null");
            assertThat(browser.find("main").getText()).contains("API key");

            browser.script("sessionStorage.clear(); location.reload()");
            browser.awaitScript("the key prompt again", PAGE, "return document.querySelector('#key-dialog').open");
            browser.find("#key-input").sendKeys(KEY);
            browser.find("#key-submit").click();
            browser.awaitScript("the models page", PAGE, "return document.querySelector('#models') !== null");
            assertThat(browser.script("return sessionStorage.getItem('aeserve.apiKey')")).isEqualTo(KEY);

            // the next navigation uses the kept key without asking
            browser.script("location.reload()");
            browser.awaitScript("the models page without a prompt", PAGE,
                    "return document.querySelector('#models') !== null");
            assertThat(browser.script("return document.querySelector('#key-dialog').open")).isEqualTo(false);
        }
    }
}
