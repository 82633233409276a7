//! Whether to retry (policy), when (schedule), how much (budget), and how fast to send (pacing).
