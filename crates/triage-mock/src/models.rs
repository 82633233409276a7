//! The models the mock knows, and `GET /v1/models` / `GET /v1/models/{id}` in the API's list shape.

use axum::extract::{Path, Query};
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};

use crate::errors::{ApiError, Rejection};
use crate::RequestContext;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Model {
    pub id: &'static str,
    pub display_name: &'static str,
    pub created_at: &'static str,
    pub aliases: &'static [&'static str],
    pub max_output_tokens: u64,
    pub context_window: u64,
}

/// When and from where the catalogue was taken.
pub const CATALOG_DATE: &str =
    "2026-12-02: ids from @anthropic-ai/sdk 1.15.0 (`Model`), less `claude-mythos-preview`, whose end of life \
     the same SDK gives as 2026-06-30 (`DEPRECATED_MODELS`), so the API answers 404; limits from the platform \
     docs' model pages (Claude 5 and 4.6+: 1M context, 128K output). Release dates are known up to Opus 4.7; \
     newer models carry UNKNOWN_RELEASE as `created_at`";

/// `created_at` for models whose release date the catalogue's sources do not give.
const UNKNOWN_RELEASE: &str = "2026-11-25T00:00:00Z";

const fn current(id: &'static str, display_name: &'static str, created_at: &'static str) -> Model {
    Model {
        id,
        display_name,
        created_at,
        aliases: &[],
        max_output_tokens: 128_000,
        context_window: 1_000_000,
    }
}

/// Newest first, as the API lists them.
pub const MODELS: &[Model] = &[
    current("claude-fable-5-2", "Claude Fable 5.2", UNKNOWN_RELEASE),
    current("claude-mythos-5-2", "Claude Mythos 5.2", UNKNOWN_RELEASE),
    current("claude-haiku-5-5", "Claude Haiku 5.5", UNKNOWN_RELEASE),
    current("claude-sonnet-5-5", "Claude Sonnet 5.5", UNKNOWN_RELEASE),
    current("claude-opus-5-5", "Claude Opus 5.5", UNKNOWN_RELEASE),
    current("claude-fable-5-1", "Claude Fable 5.1", UNKNOWN_RELEASE),
    current("claude-mythos-5-1", "Claude Mythos 5.1", UNKNOWN_RELEASE),
    current("claude-sonnet-5", "Claude Sonnet 5", UNKNOWN_RELEASE),
    current("claude-fable-5", "Claude Fable 5", UNKNOWN_RELEASE),
    current("claude-mythos-5", "Claude Mythos 5", UNKNOWN_RELEASE),
    current("claude-opus-5", "Claude Opus 5", UNKNOWN_RELEASE),
    current("claude-opus-4-8", "Claude Opus 4.8", UNKNOWN_RELEASE),
    current("claude-opus-4-7", "Claude Opus 4.7", "2026-04-16T00:00:00Z"),
    current("claude-opus-4-6", "Claude Opus 4.6", UNKNOWN_RELEASE),
    current("claude-sonnet-4-6", "Claude Sonnet 4.6", UNKNOWN_RELEASE),
    Model {
        id: "claude-opus-4-5-20251101",
        display_name: "Claude Opus 4.5",
        created_at: "2025-11-24T00:00:00Z",
        aliases: &["claude-opus-4-5"],
        max_output_tokens: 64_000,
        context_window: 200_000,
    },
    Model {
        id: "claude-haiku-4-5-20251001",
        display_name: "Claude Haiku 4.5",
        created_at: "2025-10-15T00:00:00Z",
        aliases: &["claude-haiku-4-5"],
        max_output_tokens: 64_000,
        context_window: 200_000,
    },
    Model {
        id: "claude-sonnet-4-5-20250929",
        display_name: "Claude Sonnet 4.5",
        created_at: "2025-09-29T00:00:00Z",
        aliases: &["claude-sonnet-4-5"],
        max_output_tokens: 64_000,
        context_window: 200_000,
    },
    Model {
        id: "claude-opus-4-1-20250805",
        display_name: "Claude Opus 4.1",
        created_at: "2025-08-05T00:00:00Z",
        aliases: &["claude-opus-4-1"],
        max_output_tokens: 32_000,
        context_window: 200_000,
    },
    Model {
        id: "claude-opus-4-20250514",
        display_name: "Claude Opus 4",
        created_at: "2025-05-22T00:00:00Z",
        aliases: &["claude-opus-4-0"],
        max_output_tokens: 32_000,
        context_window: 200_000,
    },
    Model {
        id: "claude-sonnet-4-20250514",
        display_name: "Claude Sonnet 4",
        created_at: "2025-05-22T00:00:00Z",
        aliases: &["claude-sonnet-4-0"],
        max_output_tokens: 64_000,
        context_window: 200_000,
    },
    Model {
        id: "claude-3-7-sonnet-20250219",
        display_name: "Claude Sonnet 3.7",
        created_at: "2025-02-24T00:00:00Z",
        aliases: &["claude-3-7-sonnet-latest"],
        max_output_tokens: 64_000,
        context_window: 200_000,
    },
    Model {
        id: "claude-3-5-haiku-20241022",
        display_name: "Claude Haiku 3.5",
        created_at: "2024-10-22T00:00:00Z",
        aliases: &["claude-3-5-haiku-latest"],
        max_output_tokens: 8_192,
        context_window: 200_000,
    },
    Model {
        id: "claude-3-haiku-20240307",
        display_name: "Claude Haiku 3",
        created_at: "2024-03-07T00:00:00Z",
        aliases: &[],
        max_output_tokens: 4_096,
        context_window: 200_000,
    },
];

/// The model an id or alias names.
pub fn find(name: &str) -> Option<&'static Model> {
    MODELS
        .iter()
        .find(|model| model.id == name || model.aliases.contains(&name))
}

/// A model as the API lists it, fields in its order.
#[derive(Serialize)]
pub struct ModelInfo {
    #[serde(rename = "type")]
    kind: &'static str,
    id: &'static str,
    display_name: &'static str,
    created_at: &'static str,
}

#[derive(Serialize)]
pub struct ModelPage {
    data: Vec<ModelInfo>,
    has_more: bool,
    first_id: Option<&'static str>,
    last_id: Option<&'static str>,
}

impl Model {
    fn info(self) -> ModelInfo {
        ModelInfo {
            kind: "model",
            id: self.id,
            display_name: self.display_name,
            created_at: self.created_at,
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct ListParams {
    limit: Option<String>,
    after_id: Option<String>,
    before_id: Option<String>,
}

/// `GET /v1/models`: a page of `limit` models (1–1000, default 20) after or before a cursor.
pub async fn list(
    Extension(context): Extension<RequestContext>,
    Query(params): Query<ListParams>,
) -> Result<Json<ModelPage>, Rejection> {
    let limit = match params.limit.as_deref().map(str::parse::<usize>) {
        None => 20,
        Some(Ok(limit)) if (1..=1000).contains(&limit) => limit,
        Some(_) => {
            return Err(context.reject(ApiError::invalid_request(
                "limit: Input should be a valid integer between 1 and 1000",
            )))
        }
    };
    let position = |id: &str| MODELS.iter().position(|model| model.id == id);
    let (page, has_more) = match (params.after_id.as_deref(), params.before_id.as_deref()) {
        (Some(after), _) => {
            let start = position(after).map_or(MODELS.len(), |index| index + 1);
            let page = MODELS.get(start..).unwrap_or_default();
            (page.get(..limit).unwrap_or(page), page.len() > limit)
        }
        (None, Some(before)) => {
            let end = position(before).unwrap_or(0);
            let page = MODELS.get(..end).unwrap_or_default();
            let start = page.len().saturating_sub(limit);
            (page.get(start..).unwrap_or(page), start > 0)
        }
        (None, None) => (MODELS.get(..limit).unwrap_or(MODELS), MODELS.len() > limit),
    };
    Ok(Json(ModelPage {
        data: page.iter().map(|model| model.info()).collect(),
        has_more,
        first_id: page.first().map(|model| model.id),
        last_id: page.last().map(|model| model.id),
    }))
}

/// `GET /v1/models/{id}`: one model by id or alias, or the API's 404.
pub async fn get(
    Extension(context): Extension<RequestContext>,
    Path(id): Path<String>,
) -> Result<Json<ModelInfo>, Rejection> {
    let model = find(&id).ok_or_else(|| context.reject(ApiError::not_found(format!("model: {id}"))))?;
    Ok(Json(model.info()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_aliases_are_unique() {
        let mut names: Vec<&str> = MODELS
            .iter()
            .flat_map(|m| std::iter::once(m.id).chain(m.aliases.iter().copied()))
            .collect();
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count);
        assert_eq!(
            find("claude-sonnet-4-5").map(|m| m.id),
            Some("claude-sonnet-4-5-20250929")
        );
        assert!(find("claude-3-5-sonnet-latestt").is_none());
    }
}
