//! Extended and adaptive thinking: the budget, and the sampling settings thinking rules out.

use crate::json::borrowed::Node;
use crate::json::Path;
use crate::models::{Model, Thinking};
use crate::request::catalogue as cat;
use crate::request::checker::Checker;
use crate::request::diagnostic::Code;

/// The smallest budget the API accepts.
const MIN_BUDGET: i64 = 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Off,
    /// `{"type": "enabled", "budget_tokens": N}`.
    Budget,
    /// `{"type": "adaptive"}`.
    Adaptive,
}

pub fn check(root: &Node, c: &mut Checker, model: Option<&Model>, max_tokens: Option<i64>) -> Mode {
    let Some(node) = root.get("thinking").filter(|n| n.as_object().is_some()) else {
        return Mode::Off;
    };
    let path = Path::root().key("thinking");
    let Some(kind_node) = c.require(node, &path, "type") else {
        return Mode::Off;
    };
    let Some(kind) = kind_node.as_str() else {
        return Mode::Off;
    };
    let mode = match kind.as_ref() {
        "enabled" => {
            c.members(node, &path, cat::THINKING_ENABLED, "thinking");
            budget(node, &path, c, max_tokens);
            Mode::Budget
        }
        "adaptive" => {
            c.members(node, &path, cat::THINKING_ADAPTIVE, "thinking");
            Mode::Adaptive
        }
        "disabled" => {
            c.members(node, &path, cat::THINKING_DISABLED, "thinking");
            return Mode::Off;
        }
        other => {
            c.unknown_value(
                kind_node,
                &path.key("type"),
                other,
                cat::THINKING_TYPES,
                "thinking type",
            );
            return Mode::Off;
        }
    };
    c.enumerated(node, &path, "display", cat::THINKING_DISPLAYS, "thinking display");
    if let Some(model) = model {
        model_support(kind_node, &path, mode, model, c);
    }
    if mode == Mode::Budget {
        sampling(root, c);
    }
    mode
}

fn budget(node: &Node, path: &Path, c: &mut Checker, max_tokens: Option<i64>) {
    let Some(budget_node) = c.require(node, path, "budget_tokens") else {
        return;
    };
    let at = path.key("budget_tokens");
    let Some(number) = budget_node.as_number() else {
        return;
    };
    let Some(budget) = number.as_i64() else {
        c.error(
            Code::WrongType,
            &at,
            budget_node.span(),
            format!(
                "thinking.budget_tokens must be an integer, not {}.",
                c.source(budget_node)
            ),
            "Use a whole number of tokens, at least 1024.",
        );
        return;
    };
    if budget < MIN_BUDGET {
        c.error(
            Code::ThinkingBudgetTooSmall,
            &at,
            budget_node.span(),
            format!("thinking.budget_tokens is {budget}; the minimum is {MIN_BUDGET}."),
            "Raise budget_tokens to at least 1024 (and keep it below max_tokens).",
        );
    }
    if let Some(max) = max_tokens.filter(|&m| budget >= m && m > 0) {
        c.error(
            Code::ThinkingBudgetNotBelowMaxTokens,
            &at,
            budget_node.span(),
            format!("thinking.budget_tokens ({budget}) must be less than max_tokens ({max})."),
            "Thinking counts towards max_tokens: raise max_tokens above the budget, or lower the budget \
             (only interleaved thinking, a beta header, lets the budget exceed max_tokens).",
        );
    }
}

fn model_support(kind_node: &Node, path: &Path, mode: Mode, model: &Model, c: &mut Checker) {
    let supported = matches!(
        (mode, model.thinking),
        (Mode::Budget, Thinking::Budget | Thinking::BudgetOrAdaptive)
            | (Mode::Adaptive, Thinking::Adaptive | Thinking::BudgetOrAdaptive)
    );
    if supported {
        return;
    }
    let hint = match model.thinking {
        Thinking::None => "Remove `thinking`, or use a model with extended thinking.",
        Thinking::Budget => "Use {\"type\": \"enabled\", \"budget_tokens\": N} with this model.",
        Thinking::Adaptive => "Use {\"type\": \"adaptive\"} (and output_config.effort) with this model.",
        Thinking::BudgetOrAdaptive => "Use \"enabled\" or \"adaptive\".",
    };
    c.warn(
        Code::ThinkingUnsupportedByModel,
        &path.key("type"),
        kind_node.span(),
        format!(
            "{} does not take this kind of thinking, as far as this catalog knows.",
            model.id
        ),
        hint,
    );
}

/// With a thinking budget the API refuses `top_k`, a temperature other than 1, and `top_p` below 0.95.
fn sampling(root: &Node, c: &mut Checker) {
    let set = |key| root.get(key).filter(|n| !n.is_null());
    let hint = "Remove the sampling setting: thinking needs the default sampling.";
    if let Some(top_k) = set("top_k") {
        c.error(
            Code::ThinkingIncompatibleSampling,
            &Path::root().key("top_k"),
            top_k.span(),
            "top_k cannot be used with thinking.".to_string(),
            hint,
        );
    }
    if let Some(t) = set("temperature").filter(|t| t.as_f64().is_some_and(|v| v != 1.0)) {
        c.error(
            Code::ThinkingIncompatibleSampling,
            &Path::root().key("temperature"),
            t.span(),
            "With thinking, temperature may only be 1.".to_string(),
            hint,
        );
    }
    if let Some(p) = set("top_p").filter(|p| p.as_f64().is_some_and(|v| v < 0.95)) {
        c.error(
            Code::ThinkingIncompatibleSampling,
            &Path::root().key("top_p"),
            p.span(),
            "With thinking, top_p must be between 0.95 and 1.".to_string(),
            hint,
        );
    }
}
