//! Share links: the request (and nothing else: no key, no connection) in the URL fragment, which browsers never
//! send to a server.

const PREFIX: &str = "#request=";

/// The link for `request` on the page at `page_url` (any fragment of it dropped).
pub fn link(page_url: &str, request: &str) -> String {
    let base = page_url.split('#').next().unwrap_or(page_url);
    let encoded: String = js_sys::encode_uri_component(request).into();
    format!("{base}{PREFIX}{encoded}")
}

/// The request a fragment carries, when it is a share link's.
pub fn request_of(hash: &str) -> Option<String> {
    let encoded = hash.strip_prefix(PREFIX)?;
    js_sys::decode_uri_component(encoded)
        .ok()
        .and_then(|s| s.as_string())
        .filter(|s| !s.is_empty())
}

/// The page's current fragment (`#…`), empty when there is none.
pub fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

pub fn current_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}
