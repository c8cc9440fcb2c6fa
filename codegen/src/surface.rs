//! The API surface: the text reviewers read in a pull request's snapshot diff.

use crate::generate::Generated;
use crate::ir::Api;

/// One line per method (method, path, Rust signature, marks), then the type names.
pub fn render(api: &Api, generated: &Generated) -> String {
    let mut out = format!(
        "# {} {}\n# base URL: {}\n\n## operations\n",
        api.title,
        api.version,
        api.server_url()
    );
    for line in &generated.surface {
        let marks = if line.marks.is_empty() {
            String::new()
        } else {
            format!("  [{}]", line.marks.join(", "))
        };
        out.push_str(&format!(
            "{:<6} {}\n       {}{}\n",
            line.method, line.path, line.signature, marks
        ));
    }
    out.push_str(&format!("\n## types ({})\n", generated.type_names.len()));
    for name in &generated.type_names {
        out.push_str(&format!("{name}\n"));
    }
    out
}
