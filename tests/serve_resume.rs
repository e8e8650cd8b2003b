//! The page resumes an unfinished run folder as `parcours run` does (trial
//! 20: "the page cannot resume an interrupted run while the CLI can").

#![cfg(feature = "serve")]

mod serve_common;

use serde_json::json;
use serve_common::{small_scenario, Server};

/// A run folder left unfinished — here a complete run whose run.json is
/// removed, as a server stopped before writing it leaves one — is listed
/// "incomplete" after a restart, resumed from the page into the same folder
/// (every saved task reused) and complete again with the same summary.csv.
/// A complete run is not resumed (409), an unknown one not found (404).
#[test]
fn an_unfinished_run_resumes_from_the_page_after_a_restart() {
    let mut s = Server::start();
    let id = s.post_json("/api/runs", &json!({ "scenario": small_scenario("resume", 2, 0.05) })).json()["id"].as_str().unwrap().to_string();
    assert_eq!(s.wait_run(&id), "done");
    let dir = s.output().join(&id);
    let summary = std::fs::read(dir.join("summary.csv")).unwrap();
    std::fs::remove_file(dir.join("run.json")).unwrap();
    s.restart();
    let list = s.get("/api/runs").json();
    assert!(list["runs"].as_array().unwrap().iter().any(|r| r["id"] == id.as_str() && r["state"] == "incomplete"), "{list}");
    let r = s.post_json(&format!("/api/runs/{id}/resume"), &json!({ "lang": "en" }));
    assert_eq!(r.status, 202, "{}", r.text());
    assert_eq!(r.json()["id"], id.as_str());
    assert_eq!(s.wait_run(&id), "done");
    assert!(dir.join("run.json").is_file());
    assert_eq!(std::fs::read(dir.join("summary.csv")).unwrap(), summary, "the saved tasks, reused");
    assert_eq!(s.post_json(&format!("/api/runs/{id}/resume"), &json!({})).status, 409);
    assert_eq!(s.post_json("/api/runs/nope/resume", &json!({})).status, 404);
}
