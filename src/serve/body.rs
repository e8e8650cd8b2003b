//! Request bodies read as JSON with every rejection answered in JSON, in
//! the shape of the scenario validator's errors: `{ "valid": false,
//! "errors": [{ "path", "line", "reason" }], "error": "path: reason" }`.
//! axum's own `Json` extractor answers a wrong body (`"replications": -1`,
//! `null`, `2.5`) in plain text without naming the field; here the field's
//! path is found with `serde_path_to_error` and written as the scenario
//! file's path (`scenario.variants[0].policies[0].params.doctors` becomes
//! `variants[0].add_policies[0].doctors`), so the page shows the reason
//! next to the field, as it does for the validator's problems.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

/// A JSON body of type `T`; a body that is not one is refused with a JSON
/// error naming the field (422; 400 for a field `T` does not have: the
/// request types are `#[serde(deny_unknown_fields)]`), or the transport's
/// status (413 too large, 400 unreadable).
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            let status = e.status();
            rejection(status, "body", &e.body_text())
        })?;
        parse(&bytes).map(JsonBody).map_err(|(path, reason)| {
            // A field the request types do not have is a malformed request (400), not a wrong value (422).
            let status = if reason.starts_with("unknown field") { StatusCode::BAD_REQUEST } else { StatusCode::UNPROCESSABLE_ENTITY };
            rejection(status, &path, &reason)
        })
    }
}

/// A query string of type `T`; one that is not (a missing `spec`, a word
/// where a number goes) is refused with the same JSON error as a body (400),
/// where axum's `Query` answers in plain text.
pub struct JsonQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> axum::extract::FromRequestParts<S> for JsonQuery<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(JsonQuery(v)),
            Err(e) => {
                let reason = e.body_text();
                let reason = reason.strip_prefix("Failed to deserialize query string: ").unwrap_or(&reason).to_string();
                // "missing field `spec`" names the parameter.
                let path = reason.strip_prefix("missing field `").and_then(|r| r.split('`').next()).unwrap_or("query").to_string();
                Err(rejection(StatusCode::BAD_REQUEST, &path, &reason))
            }
        }
    }
}

/// The value, or the field's path (as in a scenario file) and the reason.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, (String, String)> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let mut reason = inner.to_string();
        // serde_json adds the position in the (one-line) body: of no use to the page.
        let at = format!(" at line {} column {}", inner.line(), inner.column());
        if let Some(cut) = reason.strip_suffix(&at) {
            reason = cut.to_string();
        }
        // `.` is the whole body, `?` a place serde_path_to_error could not name (broken JSON).
        let mut path = path.split('.').filter(|p| !p.is_empty() && *p != "?").collect::<Vec<_>>().join(".");
        // A missing field is reported at its parent: name the field itself.
        if let Some(field) = reason.strip_prefix("missing field `").and_then(|r| r.strip_suffix('`')) {
            path = if path.is_empty() { field.to_string() } else { format!("{path}.{field}") };
        }
        let path = scenario_path(&path);
        let reason = friendly(&path, &reason);
        (if path.is_empty() { "body".to_string() } else { path }, reason)
    })?;
    de.end().map_err(|e| ("body".to_string(), e.to_string()))?;
    Ok(value)
}

/// The page's JSON path as the scenario file's path (the names the
/// validator uses and the page's fields carry).
pub fn scenario_path(json_path: &str) -> String {
    let p = json_path.strip_prefix("scenario.").or_else(|| (json_path == "scenario").then_some("")).unwrap_or(json_path);
    let mut out = String::new();
    let mut in_variant = false;
    for (i, part) in p.split('.').enumerate() {
        if part == "params" {
            continue;
        }
        if i == 0 {
            in_variant = part.starts_with("variants[");
        }
        let part = match part.strip_prefix("policies[") {
            Some(rest) if in_variant && i == 1 => format!("add_policies[{rest}"),
            _ => part.to_string(),
        };
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(&part);
    }
    out
}

/// serde's reason with the expected type said in words (`u32` → "a whole
/// number ≥ 0"); for `replications`, the page's own limit, worded as the
/// validator words it (`compose::replications_reason`), not the type's.
fn friendly(path: &str, reason: &str) -> String {
    if path == "replications" {
        let given = reason.split_once(", expected").map_or(reason, |(g, _)| g);
        return format!("{given}: {}", super::compose::replications_reason());
    }
    crate::scenario::suggest::plain_types(reason)
}

/// The JSON error of a refused body.
pub fn rejection(status: StatusCode, path: &str, reason: &str) -> Response {
    // No scenario text here: a policy's field is named without its type.
    let message_fr = super::problems_fr::message_fr(path, reason, "");
    let errors = serde_json::json!([{ "path": path, "line": null, "reason": reason, "message_fr": message_fr }]);
    let error = format!("{path}: {reason}");
    (status, axum::Json(serde_json::json!({ "valid": false, "errors": errors, "error": error, "error_fr": message_fr }))).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_the_scenario_files() {
        assert_eq!(scenario_path("scenario.replications"), "replications");
        assert_eq!(scenario_path("scenario.variants[0].policies[1].params.doctors"), "variants[0].add_policies[1].doctors");
        assert_eq!(scenario_path("scenario.variants[0].policies[1].start_day"), "variants[0].add_policies[1].start_day");
        assert_eq!(scenario_path("scenario.policies[0].params.x"), "policies[0].x");
        assert_eq!(scenario_path("lang"), "lang");
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Two {
        n: u32,
        x: f64,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        scenario: Two,
    }

    #[test]
    fn rejections_name_the_field() {
        let e = parse::<Two>(br#"{"n": -1, "x": 1}"#).unwrap_err();
        assert_eq!(e, ("n".into(), "invalid value: integer `-1`, expected a whole number ≥ 0".into()));
        assert_eq!(parse::<Two>(br#"{"n": 2.5, "x": 1}"#).unwrap_err().0, "n");
        assert_eq!(parse::<Two>(br#"{"n": null, "x": 1}"#).unwrap_err().0, "n");
        assert_eq!(parse::<Two>(br#"{"n": 1}"#).unwrap_err(), ("x".into(), "missing field `x`".into()));
        assert_eq!(parse::<Two>(b"{nope").unwrap_err().0, "body");
        // `replications` says the page's limit in the validator's words, not the type's range.
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Reps {
            replications: u32,
        }
        let (path, reason) = parse::<Reps>(br#"{"replications": -1}"#).unwrap_err();
        assert_eq!(path, "replications");
        assert_eq!(
            reason,
            "invalid value: integer `-1`: must be a whole number from 1 to 200 on the web page (`parcours run` takes up to 100000)"
        );
        // An unknown field is named by its own path (the page's `scenario.` prefix dropped).
        let (path, reason) = parse::<Outer>(br#"{"scenario": {"n": 1, "x": 1, "nmae": 2}}"#).unwrap_err();
        assert_eq!(path, "nmae");
        assert!(reason.starts_with("unknown field `nmae`, expected"), "{reason}");
        assert_eq!(parse::<Two>(br#"{"n": 1, "x": 1, "lnag": "en"}"#).unwrap_err().0, "lnag");
    }
}
