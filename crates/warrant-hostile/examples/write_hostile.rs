//! Writes the hostile contracts (JSON and YAML), people and sample records
//! into a folder, for trying the CLI and the app on them by hand:
//! `cargo run -p warrant-hostile --example write_hostile -- /tmp/hostile`.

use std::path::PathBuf;

use warrant_core::format::{to_json, to_yaml};

fn main() -> std::io::Result<()> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "hostile".into()));
    std::fs::create_dir_all(&dir)?;
    let base = warrant_core::defaults::examples()
        .into_iter()
        .find(|c| c.id == "churn-risk-summary")
        .expect("the churn-risk example ships with Warrant");
    let fields = warrant_hostile::text_fields(&base);
    eprintln!("{} free-text fields:", fields.len());
    for field in &fields {
        eprintln!(
            "  {}{}",
            field.path,
            if field.email_only { " (e-mail)" } else { "" }
        );
    }
    for (i, filled) in warrant_hostile::contracts(&base).iter().enumerate() {
        let text = if i % 2 == 0 {
            to_json(&filled.contract)
        } else {
            to_yaml(&filled.contract)
        };
        let ext = if i % 2 == 0 { "json" } else { "yaml" };
        std::fs::write(dir.join(format!("{}.{ext}", filled.contract.id)), text)?;
    }
    let huge = warrant_hostile::megabyte_contract(&base);
    std::fs::write(dir.join("hostile-megabyte.yaml"), to_yaml(&huge.contract))?;
    std::fs::write(
        dir.join("not-utf8.yaml.bad"),
        warrant_hostile::not_utf8_file(),
    )?;
    eprintln!("written to {}", dir.display());
    Ok(())
}
