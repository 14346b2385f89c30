//! The timing run as an SVG bar chart (`docs/bench.svg`): for every workload, one bar
//! per contender showing its median time relative to a baseline (the reference Lua 5.4
//! peer when it ran, otherwise the subject), on a log scale centred on 1 so that
//! "twice as fast" and "twice as slow" are the same length. Hand-written SVG text, no
//! scripts; each bar has a tooltip with the exact figures.

use std::fmt::Write;

use crate::results::TimingReport;

const PALETTE: [&str; 8] = ["#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"];
const WIDTH: f64 = 960.0;
const PLOT_LEFT: f64 = 150.0;
const PLOT_RIGHT: f64 = 930.0;
const TOP: f64 = 96.0;
const BAR_HEIGHT: f64 = 5.0;
const GROUP_GAP: f64 = 7.0;
/// The log2 range of the axis: 1/64 to 8 times the baseline's time.
const LOG2_MIN: f64 = -6.0;
const LOG2_MAX: f64 = 3.0;

fn x_of(ratio: f64) -> f64 {
    let clamped = ratio.log2().clamp(LOG2_MIN, LOG2_MAX);
    PLOT_LEFT + (clamped - LOG2_MIN) / (LOG2_MAX - LOG2_MIN) * (PLOT_RIGHT - PLOT_LEFT)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn axis_label(exponent: i32) -> String {
    if exponent >= 0 {
        format!("{}x", 1u32 << exponent.unsigned_abs())
    } else {
        format!("1/{}", 1u32 << exponent.unsigned_abs())
    }
}

/// The chart for `report`, as SVG text.
pub fn render(report: &TimingReport) -> String {
    let baseline =
        if report.contenders.iter().any(|contender| contender.name == "lua54") { "lua54" } else { &report.subject };
    let shown: Vec<&str> =
        report.contenders.iter().map(|contender| contender.name.as_str()).filter(|name| *name != baseline).collect();
    let group_height = BAR_HEIGHT * shown.len().max(1) as f64 + GROUP_GAP;
    let height = TOP + group_height * report.workloads.len() as f64 + 30.0;
    let x_one = x_of(1.0);

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0}" viewBox="0 0 {WIDTH} {height:.0}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(svg, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        svg,
        r#"<text x="{PLOT_LEFT}" y="18" font-size="14" font-weight="bold">Median wall time relative to {} (log scale; left of the line = faster)</text>"#,
        escape(baseline)
    );
    let mut legend_x = PLOT_LEFT;
    for (index, name) in shown.iter().enumerate() {
        let color = PALETTE.get(index % PALETTE.len()).copied().unwrap_or("#000000");
        let _ = writeln!(svg, r#"<rect x="{legend_x:.1}" y="30" width="12" height="12" fill="{color}"/>"#);
        let _ = writeln!(svg, r#"<text x="{:.1}" y="40">{}</text>"#, legend_x + 16.0, escape(name));
        legend_x += 24.0 + 7.0 * name.len() as f64;
    }
    let _ = writeln!(
        svg,
        r#"<text x="{PLOT_LEFT}" y="58" fill="dimgray">{} runs after {} warm-up, size {}; a missing bar means the contender could not run the workload</text>"#,
        report.runs, report.warmups, report.size
    );

    for exponent in (LOG2_MIN as i32)..=(LOG2_MAX as i32) {
        let x = x_of(2f64.powi(exponent));
        let stroke = if exponent == 0 { "#000" } else { "#ddd" };
        let _ = writeln!(
            svg,
            r#"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="{stroke}"/>"#,
            TOP - 8.0,
            height - 24.0
        );
        let _ = writeln!(
            svg,
            r#"<text x="{x:.1}" y="{:.1}" text-anchor="middle" fill="dimgray">{}</text>"#,
            TOP - 12.0,
            axis_label(exponent)
        );
        let _ = writeln!(
            svg,
            r#"<text x="{x:.1}" y="{:.1}" text-anchor="middle" fill="dimgray">{}</text>"#,
            height - 10.0,
            axis_label(exponent)
        );
    }

    for (row, workload) in report.workloads.iter().enumerate() {
        let group_top = TOP + group_height * row as f64;
        let baseline_time =
            workload.results.iter().find(|result| result.contender == baseline).and_then(|result| result.median_s());
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            PLOT_LEFT - 8.0,
            group_top + (group_height - GROUP_GAP) / 2.0 + 4.0,
            escape(&workload.workload)
        );
        for (index, name) in shown.iter().enumerate() {
            let color = PALETTE.get(index % PALETTE.len()).copied().unwrap_or("#000000");
            let time =
                workload.results.iter().find(|result| result.contender == *name).and_then(|result| result.median_s());
            let (Some(time), Some(baseline_time)) = (time, baseline_time) else { continue };
            if baseline_time <= 0.0 || time <= 0.0 {
                continue;
            }
            let ratio = time / baseline_time;
            let x_end = x_of(ratio);
            let _ = writeln!(
                svg,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{BAR_HEIGHT}" fill="{color}"><title>{} on {}: {time:.3} s, {ratio:.2} x {}</title></rect>"#,
                x_one.min(x_end),
                group_top + BAR_HEIGHT * index as f64,
                (x_end - x_one).abs().max(0.5),
                escape(name),
                escape(&workload.workload),
                escape(baseline)
            );
        }
    }
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_is_logarithmic_and_centred_on_one() {
        let middle_of_two = (x_of(0.5) + x_of(2.0)) / 2.0;
        assert!((middle_of_two - x_of(1.0)).abs() < 1e-9);
        assert_eq!(x_of(1000.0), PLOT_RIGHT);
        assert_eq!(x_of(1e-9), PLOT_LEFT);
        assert_eq!(axis_label(-3), "1/8");
        assert_eq!(axis_label(2), "4x");
    }
}
