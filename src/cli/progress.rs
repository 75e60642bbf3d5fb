//! A progress bar on the terminal for long work (ingest, re-checks,
//! export, retention), drawn on stderr. Off when stderr is not a terminal
//! or the output is `--json`: scripts and logs get the results only.

use crate::progress::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

pub struct Bar(ProgressBar);

impl Bar {
    /// A bar, drawn only when a person is watching.
    pub fn new(json: bool) -> Bar {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
        if !json && std::io::stderr().is_terminal() {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        let style = ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        Bar(bar)
    }
}

impl Progress for Bar {
    fn begin(&self, what: &str, total: u64) {
        self.0.reset();
        self.0.set_length(total);
        self.0.set_prefix(what.to_string());
        self.0.tick();
    }

    fn step(&self, item: &str) {
        self.0.set_message(item.to_string());
        self.0.inc(1);
    }

    fn end(&self) {
        self.0.finish_and_clear();
    }
}
