//! Selecting a byte span of the request in the editor's textarea (which counts UTF-16 units).

use web_sys::HtmlTextAreaElement;
use yew::NodeRef;

/// Focuses the textarea and selects `[start, end)` (byte offsets into `text`).
pub fn select_span(textarea: &NodeRef, text: &str, start: usize, end: usize) {
    if let Some(area) = textarea.cast::<HtmlTextAreaElement>() {
        let _ = area.focus();
        let _ = area.set_selection_range(utf16_offset(text, start), utf16_offset(text, end));
    }
}

pub fn utf16_offset(text: &str, byte: usize) -> u32 {
    let byte = byte.min(text.len());
    text.char_indices()
        .take_while(|(i, _)| *i < byte)
        .map(|(_, c)| c.len_utf16() as u32)
        .sum()
}
