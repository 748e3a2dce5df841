package io.aeserve.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.support.Browser;
import io.aeserve.support.Requirements;
import io.aeserve.support.ServiceTest;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The dashboard in a real Chromium: a newcomer's path from an empty service to a trained Fashion-MNIST model
 * whose curves, reconstructions, latent map and score histograms render, and a version promoted from the page.
 * Screenshots of each step go to {@code target/screenshots}.
 */
@Tag("slow")
class DashboardBrowserTest extends ServiceTest {

    private static final Duration PAGE = Duration.ofSeconds(20);
    private static final Duration TRAINING = Duration.ofSeconds(150);

    @Test
    void trainsAModelFromThePageWatchesItLearnAndPromotesAVersion() {
        Requirements.fashionMnist();
        Browser.require();
        try (Browser browser = Browser.start(1280, 2200)) {
            browser.open("http://localhost:" + port + "/");
            browser.awaitScript("the models page", PAGE,
                    "return document.querySelector('main').dataset.ready === 'true'"
                            + " && document.querySelector('#create-model') !== null");

            // the first preset is a small dense model over Fashion-MNIST's 784 pixels
            browser.find("#create-model input[name=name]").sendKeys("fmnist-small");
            browser.find("#create-model button[type=submit]").click();
            browser.awaitScript("the model's page", PAGE, "return document.body.dataset.page === 'model'"
                    + " && document.querySelector('#train') !== null");
            assertThat(http.get("/api/v1/models/fmnist-small").json().at("/spec/latentDim").asInt()).isEqualTo(16);

            train(browser, "3");
            browser.awaitScript("live loss curves: two epochs drawn while the job runs", TRAINING,
                    "const chart = document.querySelector('#loss-chart');"
                            + " return chart !== null && Number(chart.dataset.points) >= 2"
                            + " && chart.querySelector('canvas') !== null");
            browser.screenshot("training", browser.find("main"));
            awaitVersion(browser, 1);

            train(browser, "2");
            awaitVersion(browser, 2);
            browser.awaitScript("version 2 served", PAGE,
                    "return document.querySelector('tr[data-version=\"2\"] .serving') !== null");

            browser.find("button[data-promote='1']").click();
            browser.await("the confirmation", PAGE, ExpectedConditions.alertIsPresent()).accept();
            browser.awaitScript("version 1 served after promotion", PAGE,
                    "return document.querySelector('tr[data-version=\"1\"] .serving') !== null");
            assertThat(http.get("/api/v1/models/fmnist-small").json().get("servingVersion").asInt()).isEqualTo(1);

            browser.awaitScript("the reconstruction grid", TRAINING,
                    "const img = document.querySelector('#grid');"
                            + " return img !== null && img.complete && img.naturalWidth > 0");
            // ten rows of 28 pixels at scale 3 with 2-pixel gaps; three strips
            assertThat(browser.script("return document.querySelector('#grid').naturalWidth")).isEqualTo(10L * 86 + 2);
            assertThat(browser.script("return document.querySelector('#grid').naturalHeight")).isEqualTo(3L * 86 + 2);
            browser.awaitScript("the latent map", TRAINING,
                    "const map = document.querySelector('#latent-map');"
                            + " return map !== null && map.dataset.points === '600'");
            assertThat(browser.findAll("#latent .legend span")).hasSize(10);
            // hovering a dot shows its row, its class and a thumbnail of the row and its reconstruction
            assertThat(browser.script("""
                    const map = document.querySelector('#latent-map');
                    const box = map.getBoundingClientRect();
                    for (let y = 5; y < box.height; y += 10) {
                      for (let x = 5; x < box.width; x += 10) {
                        map.dispatchEvent(new MouseEvent('mousemove', {clientX: box.left + x, clientY: box.top + y}));
                        if (!document.querySelector('#tooltip').hidden) {
                          return true;
                        }
                      }
                    }
                    return false;""")).isEqualTo(true);
            assertThat(browser.find("#tooltip").getText()).matches("row \\d+ · .+");
            browser.awaitScript("the hovered row's thumbnail", PAGE,
                    "const img = document.querySelector('#tooltip img'); return img !== null && img.complete"
                            + " && img.naturalWidth === 2 * 28 + 2 * 2");
            browser.awaitScript("a score histogram per score", TRAINING,
                    "return document.querySelectorAll('#scores .uplot').length >= 4");
            browser.screenshot("model");
            browser.screenshot("maps", browser.find("#maps"));
            browser.screenshot("reconstructions", browser.find("#learned"));

            browser.find("#score-input").sendKeys(String.join(",", Collections.nCopies(784, "0.9")));
            browser.find("#score-button").click();
            browser.awaitScript("the row's score", PAGE,
                    "return document.querySelectorAll('#score-result tr').length === 2");
            assertThat(browser.find("#score-result").getText()).contains("anomaly");
            browser.screenshot("scoring", browser.find("#score-panel"));

            train(browser, "200");
            browser.awaitScript("the job running", TRAINING, "return document.querySelector('[data-cancel]') !== null"
                    + " && document.querySelector('[data-state=running]') !== null");
            // the jobs table is drawn again at every epoch: the button is found and clicked in one step
            String cancelled = (String) browser.script("const button = document.querySelector('[data-cancel]');"
                    + " button.click(); return button.getAttribute('data-cancel');");
            assertThat(http.awaitJob(cancelled, TRAINING).get("state").asString()).isEqualTo("cancelled");
            browser.driver().navigate().refresh();
            browser.awaitScript("the job shown cancelled", PAGE, "return document.querySelector('tr[data-job=\""
                    + cancelled + "\"] [data-state=cancelled]') !== null");

            browser.open("http://localhost:" + port + "/#/");
            browser.awaitScript("the models list", PAGE,
                    "return document.querySelector('tr[data-model=\"fmnist-small\"]') !== null");
            assertThat(browser.find("tr[data-model='fmnist-small']").getText()).contains("v1").contains("cancelled");
            browser.screenshot("models", browser.find("main"));

            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    private static void train(Browser browser, String epochs) {
        browser.find("#train input[name=classes]").clear();
        browser.find("#train input[name=classes]").sendKeys("0");
        browser.find("#train input[name=epochs]").clear();
        browser.find("#train input[name=epochs]").sendKeys(epochs);
        browser.find("#train input[name=batchSize]").clear();
        browser.find("#train input[name=batchSize]").sendKeys("256");
        browser.find("#train button[type=submit]").click();
    }

    private static void awaitVersion(Browser browser, int version) {
        browser.awaitScript("version " + version + " listed", TRAINING,
                "return document.querySelector('tr[data-version=\"" + version + "\"]') !== null"
                        + " && document.querySelector('[data-state=running], [data-state=queued]') === null");
    }
}
