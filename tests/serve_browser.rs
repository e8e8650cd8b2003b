//! The web application in a real browser: Debian's `chromium` driven
//! through `chromedriver` (WebDriver) by fantoccini. Opens the page,
//! searches "Guéret", selects three communes, adds the teleconsultation
//! option, runs a reduced scenario, waits for the results, checks that they
//! and the map are displayed, fetches the scenario as the download link
//! gives it and validates it with the CLI, and saves a screenshot
//! (`target/serve-screenshot.png`). Skipped with a message when Chromium or
//! its driver is absent, unless PARCOURS_REQUIRE_CHROMIUM is set (CI).

#![cfg(feature = "serve")]

mod serve_common;

use fantoccini::{ClientBuilder, Locator};
use serve_common::{parcours, Server};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

fn find(paths: &[&str]) -> Option<PathBuf> {
    paths.iter().map(PathBuf::from).find(|p| p.exists())
}

/// A free port of 127.0.0.1 for chromedriver.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

struct Driver(std::process::Child);
impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_page_runs_a_scenario_in_headless_chromium() {
    let chromium = find(&["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]);
    let driver = find(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]);
    let (Some(chromium), Some(driver)) = (chromium, driver) else {
        assert!(
            std::env::var_os("PARCOURS_REQUIRE_CHROMIUM").is_none(),
            "Chromium and chromedriver are required (PARCOURS_REQUIRE_CHROMIUM) but absent: apt-get install chromium chromium-driver"
        );
        eprintln!("skipped: no Chromium or chromedriver (install Debian's chromium and chromium-driver to run this test)");
        return;
    };
    let server = Server::start_env(&[("PARCOURS_SERVE_QUICK_BASELINE", "2,0.02,5")]);
    let port = free_port();
    let _driver = Driver(
        Command::new(&driver)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(flow(&server, port, chromium));
}

async fn flow(server: &Server, port: u16, chromium: PathBuf) {
    let profile = tempfile::tempdir().unwrap();
    let caps = serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium.to_str().unwrap(),
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--window-size=1280,4200", format!("--user-data-dir={}", profile.path().display())]
        }
    });
    let caps = caps.as_object().unwrap().clone();
    let mut client = None;
    for _ in 0..100 {
        // chromedriver takes a moment to listen.
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    let c = client.expect("a WebDriver session with chromedriver");
    let wait = |css: &'static str| {
        let c = c.clone();
        async move {
            c.wait()
                .at_most(Duration::from_secs(600))
                .for_element(Locator::Css(css))
                .await
                .unwrap_or_else(|e| panic!("waiting for {css}: {e}"))
        }
    };
    c.goto(&server.url("/")).await.unwrap();
    wait("body[data-ready='1']").await;
    assert_eq!(c.find(Locator::Css("html")).await.unwrap().attr("lang").await.unwrap().as_deref(), Some("fr"), "French by default");
    assert!(c.find(Locator::Css("#step-territory h2")).await.unwrap().text().await.unwrap().contains("Territoire"));

    // 1. Search "Guéret", pick it: the map shows it and its neighbours.
    c.find(Locator::Css("#search")).await.unwrap().send_keys("Guéret").await.unwrap();
    c.find(Locator::Css("#search-btn")).await.unwrap().click().await.unwrap();
    let hit = wait("#search-results button.hit").await;
    assert!(hit.text().await.unwrap().starts_with("Guéret"));
    hit.click().await.unwrap();
    wait("#map circle.sel").await;
    let circles = c.find_all(Locator::Css("#map circle")).await.unwrap().len();
    assert!(circles > 10, "{circles} communes on the map");
    assert!(!c.find_all(Locator::Css("#map rect.ed")).await.unwrap().is_empty(), "the ED is on the map");
    // Two more communes from the list (the largest unticked ones), then one by a click on the map and off again.
    for _ in 0..2 {
        let boxes = c.find_all(Locator::Css("#commune-list input[type=checkbox]")).await.unwrap();
        let mut ticked = false;
        for b in boxes {
            if b.prop("checked").await.unwrap().as_deref() != Some("true") {
                b.click().await.unwrap();
                ticked = true;
                break;
            }
        }
        assert!(ticked);
    }
    assert_eq!(c.find_all(Locator::Css("#map circle.sel")).await.unwrap().len(), 3, "three communes selected");
    assert!(c.find(Locator::Css("#selection-summary")).await.unwrap().text().await.unwrap().starts_with("3 commune"));

    // 2. The diagnostic beside the département and France.
    c.find(Locator::Css("#diag-btn")).await.unwrap().click().await.unwrap();
    let diag = wait("#diag-table").await;
    let text = diag.text().await.unwrap();
    assert!(text.contains("Creuse (23)") && text.contains("France"), "{text}");
    // The quick baseline, then the département's beside it (polled by the page; shortened by the knob).
    c.find(Locator::Css("#baseline-btn")).await.unwrap().click().await.unwrap();
    let table = wait("#baseline-table").await;
    assert!(table.text().await.unwrap().contains("Creuse (23) (simulé)"));
    let mut dep = String::new();
    for _ in 0..1200 {
        dep = c.find(Locator::Css("#baseline-table td.dep-baseline")).await.unwrap().text().await.unwrap();
        if dep.contains('[') {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(dep.contains('[') && dep.contains(';'), "the département's mean [interval]: {dep:?}");

    // 3. The teleconsultation option as a variant.
    c.execute(
        "const s = document.getElementById('policy-type'); s.value = 'teleconsultation'; s.dispatchEvent(new Event('change'));",
        vec![],
    )
    .await
    .unwrap();
    c.find(Locator::Css("#add-variant")).await.unwrap().click().await.unwrap();
    wait("input[data-path='variants[0].add_policies[0].doctors']").await;
    // A bad value first: the validator's message appears next to the field.
    let share = c.find(Locator::Css("input[data-path='variants[0].add_policies[0].follow_up_share']")).await.unwrap();
    share.clear().await.unwrap();
    share.send_keys("3").await.unwrap();
    c.find(Locator::Css("#check-btn")).await.unwrap().click().await.unwrap();
    let err = wait(".field-error").await;
    // The French page says it in French, by the field's French label (`message_fr`), never the file's path.
    let text = err.text().await.unwrap();
    assert!(text.contains("doit être comprise entre 0 et 1") && text.contains("vous avez saisi 3"), "next to the field: {text:?}");
    assert!(!text.contains("add_policies") && !text.contains("follow_up_share"), "no file path: {text:?}");
    share.clear().await.unwrap();
    share.send_keys("0.15").await.unwrap();
    // A setting the JSON cannot hold (−1 replications): refused by field, shown, never thrown.
    let reps = c.find(Locator::Css("#scn-replications")).await.unwrap();
    reps.clear().await.unwrap();
    reps.send_keys("-1").await.unwrap();
    c.find(Locator::Css("#run-btn")).await.unwrap().click().await.unwrap();
    let err = wait("#scn-replications + .field-error").await;
    // WebDriver's element text turns the French no-break space before the colon into a space.
    let text = err.text().await.unwrap();
    assert!(text.starts_with("Réplications : ") || text.starts_with("Réplications\u{a0}: "), "next to the field: {text:?}");
    assert!(text.contains("de 1 à 200") && text.contains("vous avez saisi −1"), "the page's bounds and the value entered: {text:?}");
    let status = c.find(Locator::Css("#run-status")).await.unwrap().text().await.unwrap();
    assert!(!status.contains("En attente"), "{status}");
    // A reduced scenario: 2 replications, a month after a 20-day warm-up.
    for (id, v) in [("#scn-name", "gueret-browser"), ("#scn-replications", "2"), ("#scn-years", "0.1"), ("#scn-warmup", "20")] {
        let e = c.find(Locator::Css(id)).await.unwrap();
        e.clear().await.unwrap();
        e.send_keys(v).await.unwrap();
    }

    // 4. Run and wait for the results.
    c.find(Locator::Css("#run-btn")).await.unwrap().click().await.unwrap();
    wait("#key-results").await;
    assert!(c.find_all(Locator::Css(".field-error")).await.unwrap().is_empty(), "errors cleared");
    let diffs = wait("#differences").await.text().await.unwrap();
    assert!(diffs.contains("teleconsultation"), "{diffs}");
    let key = c.find(Locator::Css("#key-results")).await.unwrap().text().await.unwrap();
    assert!(key.contains("délai jusqu'à la consultation"), "{key}");
    wait("iframe.report").await;
    assert!(c.find_all(Locator::Css("#map circle")).await.unwrap().len() > 10, "the map is still displayed");
    let status = c.find(Locator::Css("#run-status")).await.unwrap().text().await.unwrap();
    assert_eq!(status, "Terminé.");

    // The table of differences keeps its layout with a difference the same in every
    // replication (two territories, so the territory column is shown): the cell holds
    // the mark (¹), the long words come once below the table, nothing goes past the card.
    let layout = c
        .execute(
            r#"const d = (territory) => ({ variant: "teleconsultation", territory, indicator: "forgone_care_rate",
                   fr: "taux de renoncement aux soins", en: "forgone-care rate", share: true,
                   value: 0.001, ci_low: 0.001, ci_high: 0.001, verdict: "constant" });
               const level = (territory, variant) => ({ variant, territory, indicator: "forgone_care_rate",
                   fr: "taux de renoncement aux soins", en: "forgone-care rate", share: true, value: 0.05, ci_low: 0.04, ci_high: 0.06 });
               const summary = ["nord", "sud"].flatMap((x) => [level(x, "base"), level(x, "teleconsultation")]);
               const r = { variants: ["teleconsultation"], summary, differences: [d("nord"), d("sud")], clamped: false };
               const box = document.createElement("div"); box.id = "layout-check";
               document.getElementById("results").append(box); box.append(...resultTables(r));
               const table = box.querySelector("table#differences"), card = document.getElementById("step-results");
               const th = [...table.querySelectorAll("th")].find((x) => x.textContent === "Territoire");
               const cell = table.querySelector("td.constant");
               return { cell: cell.textContent, cell_width: cell.getBoundingClientRect().width,
                        table_right: table.getBoundingClientRect().right, card_right: card.getBoundingClientRect().right,
                        territory_right: th.getBoundingClientRect().right, note: box.querySelector("p.note-constant").textContent };"#,
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(layout["cell"], "(¹)", "{layout}");
    assert!(layout["cell_width"].as_f64().unwrap() < 60.0, "the mark keeps its column narrow: {layout}");
    assert!(layout["table_right"].as_f64().unwrap() <= layout["card_right"].as_f64().unwrap(), "{layout}");
    assert!(layout["territory_right"].as_f64().unwrap() <= layout["card_right"].as_f64().unwrap(), "{layout}");
    assert_eq!(
        layout["note"].as_str().unwrap(),
        "(¹) non établi\u{a0}: la même différence dans chaque réplication (pour un taux, le même nombre d'événements\u{a0}: un intervalle ne reflète alors que les variations de la population, pas le hasard)",
        "{layout}"
    );
    c.execute("document.getElementById('layout-check').scrollIntoView();", vec![]).await.unwrap();
    let shot = c.screenshot().await.unwrap();
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().join("serve-differences-screenshot.png");
    std::fs::write(&out, &shot).unwrap();
    c.execute("document.getElementById('layout-check').remove();", vec![]).await.unwrap();

    // 5. The scenario as its download link serves it: it validates with the CLI.
    let href = c.find(Locator::Css("a[data-file='scenario.toml']")).await.unwrap().attr("href").await.unwrap().unwrap();
    let text = c.execute("return fetch(arguments[0]).then(r => r.text());", vec![serde_json::json!(href)]).await.unwrap();
    let text = text.as_str().unwrap().to_string();
    assert!(text.contains("type = \"teleconsultation\"") && text.contains("\"23096\""), "{text}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("downloaded.toml");
    std::fs::write(&file, &text).unwrap();
    let o = parcours(&["scenario", "check", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    // 6. Past runs list it; English on demand.
    c.find(Locator::Css("#runs-refresh")).await.unwrap().click().await.unwrap();
    wait("#runs-list tr[data-id] button").await;
    c.find(Locator::Css("#lang-en")).await.unwrap().click().await.unwrap();
    assert!(c.find(Locator::Css("#step-territory h2")).await.unwrap().text().await.unwrap().contains("Territory"));
    c.find(Locator::Css("#lang-fr")).await.unwrap().click().await.unwrap();

    // No error in the page's console (JavaScript errors are collected by the browser log when available).
    c.execute("window.scrollTo(0, 0);", vec![]).await.unwrap();
    let png = c.screenshot().await.unwrap();
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().join("serve-screenshot.png");
    std::fs::write(&out, &png).unwrap();
    assert!(png.starts_with(b"\x89PNG") && png.len() > 50_000, "screenshot of {} bytes", png.len());
    eprintln!("chromium ran the page's flow; screenshot {} ({} bytes)", out.display(), png.len());
    c.close().await.unwrap();
}
