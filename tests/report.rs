//! The report: self-contained, escaped, in French or English, with figures
//! in SVG and PNG, and rendered by a real browser (headless Chromium).

mod common;

use common::{parcours, small_scenario, stderr, write};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A two-arm run of a small scenario with hostile names; returns its folder.
fn hostile_run(dir: &Path) -> PathBuf {
    let text = small_scenario(
        2500,
        0.1,
        "[[variants]]\nname = \"<script>alert(1)</script>\"\ndescription = \"\\\"; DROP TABLE runs; --\"\nadd_policies = [{ type = \"sas\", name = \"=cmd|' /C calc'!A0\" }]\n",
    )
    .replace("name = \"small\"", "name = \"small\"\ndescription = \"<img src=x onerror=alert(2)> & co\"");
    let file = write(dir, "hostile.toml", &text);
    let out = dir.join("out");
    let o = parcours(&["run", file.to_str().unwrap(), "--quiet", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

#[test]
fn the_report_is_self_contained_escaped_and_bilingual() {
    let dir = tempfile::tempdir().unwrap();
    let out = hostile_run(dir.path());
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"), "French by default");
    assert!(!html.contains("<script"), "no script, and scenario text cannot inject one");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "variant name escaped");
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt; &amp; co"), "description escaped");
    assert!(html.contains("&quot;; DROP TABLE runs; --"));
    assert!(!html.contains("<img"), "no image element at all");
    // Self-contained: no tag loads anything (escaped scenario text may say "src=", tags may not).
    for tag in html.split('<').skip(1).map(|t| t.split('>').next().unwrap_or("")) {
        for attr in [" src=", " href=", "url(", "@import"] {
            assert!(!tag.contains(attr), "tag <{tag}> loads something");
        }
    }
    let figures = html.matches("<figure").count();
    assert!(figures >= 10, "{figures} figures (delays, indicators, differences, series, maps)");
    assert_eq!(html.matches("<svg").count(), figures, "every figure is an inline SVG");
    for id in ["scenario", "results", "differences", "equity", "figures", "method"] {
        assert!(html.contains(&format!("<section id=\"{id}\">")), "section {id}");
    }
    assert!(html.contains("Différences appariées") && html.contains("passages aux urgences"));
    // The key results show the GPs' closed lists beside the coverage by a médecin traitant.
    let coverage = html.find("<tr><td>couverture par un médecin traitant (%)</td>").expect("coverage in the key results");
    let next = html[coverage..].split("</tr>\n").nth(1).unwrap();
    let value =
        next.strip_prefix("<tr><td>médecins ne prenant plus de nouveaux patients comme médecin traitant (% des jours-médecin)</td><td>");
    assert!(
        value.is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit())),
        "the closed lists' row, with a value, follows coverage's: {next}"
    );
    // PNG versions of the figures, for papers.
    let pngs: Vec<_> =
        std::fs::read_dir(out.join("figures")).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().ends_with(".png")).collect();
    assert_eq!(pngs.len(), figures);
    for p in &pngs {
        let bytes = std::fs::read(p.path()).unwrap();
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() > 2000, "{:?}", p.path());
    }
    // Rebuilt in English from the folder.
    let o = parcours(&["report", out.to_str().unwrap(), "--lang", "en"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let en = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        en.starts_with("<!DOCTYPE html>\n<html lang=\"en\">") && en.contains("Key results") && en.contains("ED visits per 1,000 per year")
    );
    assert!(en.contains("GPs with their list closed to new patients (% of GP-days)"));
    let manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    assert!(manifest["files"].as_array().unwrap().iter().any(|f| f == "report.html"));
}

fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].iter().map(PathBuf::from).find(|p| p.exists())
}

/// Opens the report in headless Chromium: the DOM has the title, tables and
/// figures, a screenshot is taken, and the console reports no error.
/// Skipped when Chromium is absent, unless PARCOURS_REQUIRE_CHROMIUM is set
/// (CI sets it after installing Debian's chromium).
#[test]
fn headless_chromium_renders_the_report() {
    let Some(browser) = chromium() else {
        assert!(std::env::var_os("PARCOURS_REQUIRE_CHROMIUM").is_none(), "Chromium is required (PARCOURS_REQUIRE_CHROMIUM) but absent");
        eprintln!("skipped: no Chromium (install Debian's chromium to run this test)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = hostile_run(dir.path());
    let url = format!("file://{}", out.join("report.html").display());
    let profile = dir.path().join("profile");
    let run = |extra: &[&str]| {
        let mut args: Vec<String> = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        args.extend(extra.iter().map(|s| s.to_string()));
        args.push(url.clone());
        Command::new(&browser).args(&args).output().expect("chromium starts")
    };
    let dom = run(&["--dump-dom"]);
    assert!(dom.status.success(), "{}", String::from_utf8_lossy(&dom.stderr));
    let html = String::from_utf8_lossy(&dom.stdout);
    assert!(html.contains("<title>Rapport parcours — small</title>"), "title in the DOM");
    assert!(html.matches("<table").count() >= 4, "tables in the DOM: {}", html.matches("<table").count());
    assert!(html.matches("<svg").count() >= 10, "figures in the DOM");
    assert!(!html.contains("<script"), "nothing injected into the DOM");
    let console = String::from_utf8_lossy(&dom.stderr);
    assert!(!console.contains("Uncaught") && !console.contains("CONSOLE"), "console errors: {console}");
    let shot = dir.path().join("shot.png");
    let o = run(&[&format!("--screenshot={}", shot.display()), "--window-size=1200,2400", "--hide-scrollbars"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "screenshot of {} bytes", png.len());
    eprintln!("chromium rendered the report: {} bytes of DOM, screenshot {} bytes", html.len(), png.len());
}

/// A real territory (the Lot) with three options, reduced (3 replications,
/// 0.1 year): the report's first screen answers "which option, for whom,
/// how sure" — the decision summary with its sentences, verdicts and
/// replication count — and nothing overflows horizontally at 1280 px
/// (measured by a probe script added to a test copy; the report itself
/// has none). With PARCOURS_UPDATE_SCREENSHOT set, the first screen is
/// saved as docs/report-first-screen.png.
#[test]
fn the_first_screen_answers_which_option_for_whom_how_sure() {
    let Some(browser) = chromium() else {
        assert!(std::env::var_os("PARCOURS_REQUIRE_CHROMIUM").is_none(), "Chromium is required (PARCOURS_REQUIRE_CHROMIUM) but absent");
        eprintln!("skipped: no Chromium (install Debian's chromium to run this test)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let text = "name = \"lot-trois-options\"\n\
        description = \"Lot (46) : quelle option pour l'accès aux soins ? SAS, téléconsultation ou MSP (taille réduite pour le test).\"\n\
        replications = 3\nyears = 0.1\nwarmup_days = 30\n\
        [[territories]]\nname = \"lot\"\ndepartement = \"46\"\n\
        [[variants]]\nname = \"sas\"\nadd_policies = [{ type = \"sas\", participation = 0.5 }]\n\
        [[variants]]\nname = \"teleconsultation\"\nadd_policies = [{ type = \"teleconsultation\", doctors = 1 }]\n\
        [[variants]]\nname = \"msp\"\nadd_policies = [{ type = \"msp\", participation = 0.4 }]\n";
    let file = write(dir.path(), "lot3.toml", text);
    let out = dir.path().join("out");
    let o = parcours(&["run", file.to_str().unwrap(), "--quiet", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    let probe = "<script>window.addEventListener('load',()=>{document.body.setAttribute('data-overflow',\
        String(document.documentElement.scrollWidth-document.documentElement.clientWidth))})</script>";
    let probe_file = dir.path().join("probe.html");
    std::fs::write(&probe_file, report.replace("</body>", &format!("{probe}</body>"))).unwrap();
    let profile = dir.path().join("profile");
    let run = |url: &Path, extra: &[&str]| {
        let mut args: Vec<String> = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-sync",
            "--window-size=1280,900",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        args.extend(extra.iter().map(|s| s.to_string()));
        args.push(format!("file://{}", url.display()));
        Command::new(&browser).args(&args).output().expect("chromium starts")
    };
    let dom = run(&probe_file, &["--dump-dom"]);
    assert!(dom.status.success(), "{}", String::from_utf8_lossy(&dom.stderr));
    let html = String::from_utf8_lossy(&dom.stdout);
    assert!(
        html.contains("data-overflow=\"0\""),
        "horizontal overflow at 1280 px: {:?}",
        html.find("data-overflow").map(|i| &html[i..i + 24])
    );
    // The first section is the decision summary, with every element a board needs.
    let first = html.find("<section").unwrap();
    assert!(html[first..].starts_with("<section id=\"decision\">"), "the decision summary opens the report");
    let summary = &html[first..first + html[first..].find("</section>").unwrap()];
    for needle in [
        "3 réplications",
        "Holm",
        "class=\"sentences\"",
        "« sas »",
        "« teleconsultation »",
        "« msp »",
        "meilleure option",
        "coût par passage aux urgences évité",
        "Les options entre elles",
        "msp − sas",
    ] {
        assert!(summary.contains(needle), "{needle} in the decision summary");
    }
    assert!(summary.contains("class=\"better\"") || summary.contains("class=\"worse\""), "a verdict is given");
    let shot = dir.path().join("first.png");
    let o = run(&out.join("report.html"), &[&format!("--screenshot={}", shot.display()), "--hide-scrollbars"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "screenshot of {} bytes", png.len());
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report-first-screen.png");
    if std::env::var_os("PARCOURS_UPDATE_SCREENSHOT").is_some() {
        std::fs::copy(&shot, &docs).unwrap();
    }
    assert!(std::fs::read(&docs).is_ok_and(|p| p.starts_with(b"\x89PNG")), "docs/report-first-screen.png is a PNG");
}
