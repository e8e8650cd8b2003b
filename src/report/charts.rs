//! Figures of the report, drawn with plotters: SVG (inlined in the HTML)
//! and PNG (for papers), from the same drawing code.
//!
//! Text is measured and rasterised with an embedded font (DejaVu Sans, via
//! plotters' pure-Rust `ab_glyph` feature), so no system font library is
//! needed. Each figure is a function generic over the drawing backend; the
//! [`Figure`] it returns holds the SVG text, and the PNG is written beside it.

use plotters::coord::{CoordTranslate, Shift};
use plotters::prelude::*;
use std::path::Path;

/// DejaVu Sans (Bitstream Vera licence, see data/NOTICE.md).
static FONT: &[u8] = include_bytes!("../../data/fonts/DejaVuSans.ttf");

pub fn register_font() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // The font is embedded and valid (a test draws every figure).
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, FONT);
    });
}

/// One figure: its file stem and its SVG text.
pub struct Figure {
    pub name: String,
    pub svg: String,
}

/// A temporary PNG path in `dir` (created), renamed by [`png_finish`].
pub fn png_temporary(dir: &Path, name: &str) -> Result<std::path::PathBuf, String> {
    register_font();
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(dir.join(format!(".{name}.{}.tmp.png", std::process::id())))
}

/// Renames the finished PNG into place.
pub fn png_finish(dir: &Path, name: &str, tmp: &Path) -> Result<(), String> {
    std::fs::rename(tmp, dir.join(format!("{name}.png"))).map_err(|e| format!("{name}.png: {e}"))
}

thread_local! {
    /// The language of the report being drawn: its figures' numbers (tick
    /// labels, colour-scale legends) take the report's format ([`tick`]).
    static LANG: std::cell::Cell<super::labels::Lang> = const { std::cell::Cell::new(super::labels::Lang::En) };
}

/// Runs `f` with the figures' numbers written in `lang` (then restores the previous language).
pub fn in_lang<R>(lang: super::labels::Lang, f: impl FnOnce() -> R) -> R {
    let before = LANG.with(|l| l.replace(lang));
    let r = f();
    LANG.with(|l| l.set(before));
    r
}

/// A tick label or a legend value of a figure: every digit the axis
/// step gives (float noise below 10⁻⁹ removed), in the report's language
/// (`labels::given`: 0,5 and 1 000 in French; 0.5 and 1000 in English).
pub fn tick(x: f64) -> String {
    let x = if x.is_finite() { (x * 1e9).round() / 1e9 } else { x };
    let x = if x == 0.0 { 0.0 } else { x };
    LANG.with(|l| super::labels::given(l.get(), x))
}

/// A legend value of three significant digits in the report's language (`labels::num`).
pub fn legend_value(x: f64) -> String {
    LANG.with(|l| super::labels::num(l.get(), x))
}

/// Draws the figure `$draw(root, args…)` as SVG (kept, for the HTML) and
/// as PNG (`$dir/$name.png`): plotters' backends are types, so the drawing
/// code is instantiated for each.
#[macro_export]
macro_rules! figure {
    ($dir:expr, $name:expr, $size:expr, $draw:path, $($arg:expr),*) => {{
        use plotters::prelude::IntoDrawingArea as _;
        let (dir, name, size): (&std::path::Path, &str, (u32, u32)) = ($dir, $name, $size);
        let tmp = $crate::report::charts::png_temporary(dir, name)?;
        let mut svg = String::new();
        let drawn: Result<(), String> = (|| {
            {
                let root = plotters::prelude::SVGBackend::with_string(&mut svg, size).into_drawing_area();
                root.fill(&plotters::prelude::WHITE).map_err(|e| e.to_string())?;
                $draw(&root, $($arg),*)?;
                root.present().map_err(|e| e.to_string())?;
            }
            {
                let root = plotters::prelude::BitMapBackend::new(&tmp, size).into_drawing_area();
                root.fill(&plotters::prelude::WHITE).map_err(|e| e.to_string())?;
                $draw(&root, $($arg),*)?;
                root.present().map_err(|e| e.to_string())?;
            }
            $crate::report::charts::png_finish(dir, name, &tmp)
        })();
        drawn.map(|()| $crate::report::charts::Figure { name: name.to_string(), svg })
    }};
}

const PALETTE: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
];

/// The colour of series `i`.
pub fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

fn range_of(values: impl Iterator<Item = f64>, include_zero: bool) -> (f64, f64) {
    let (mut lo, mut hi) = values.filter(|v| v.is_finite()).fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    if include_zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    // Every value equal (every difference zero): a unit span around them,
    // not a span of 10⁻⁹ ticked 0,000000001 apart.
    let size = lo.abs().max(hi.abs());
    if hi - lo <= 1e-9 * size.max(1.0) {
        let half = if size > 0.0 { size * 0.5 } else { 0.5 };
        return if include_zero && lo >= 0.0 { (0.0, hi + 2.0 * half) } else { (lo - half, hi + half) };
    }
    let pad = (hi - lo) * 0.08;
    (lo - if lo < 0.0 || !include_zero { pad } else { 0.0 }, hi + pad)
}

/// The range of a colour scale: the values' own minimum and maximum, with
/// no padding, so that the legend cannot show a value no zone has (a mean
/// delay legend once started at −0.203 days); (0, 1) when nothing is finite.
fn colour_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.filter(|v| v.is_finite()).fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
    if lo.is_finite() {
        (lo, hi)
    } else {
        (0.0, 1.0)
    }
}

/// Grouped bars with 95 % interval whiskers: `groups` along x, one bar per
/// series in each group. `values[s][g] = (mean, low, high)`.
pub fn bars_with_intervals<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    y_label: &str,
    groups: &[String],
    series: &[String],
    values: &[Vec<(f64, f64, f64)>],
) -> Result<(), String> {
    let all = values.iter().flatten().flat_map(|v| [v.0, v.1, v.2]);
    let (lo, hi) = range_of(all, true);
    let n = groups.len().max(1) as f64;
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 17))
        .margin(12)
        .x_label_area_size(34)
        .y_label_area_size(64)
        .build_cartesian_2d(-0.5f64..n - 0.5, lo..hi)
        .map_err(err)?;
    let names = groups.to_vec();
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(groups.len().max(1))
        .x_label_formatter(&|x| {
            let i = x.round();
            if (x - i).abs() < 1e-6 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|y| tick(*y))
        .y_desc(y_label)
        .draw()
        .map_err(err)?;
    let k = series.len().max(1) as f64;
    let width = 0.8 / k;
    for (s, name) in series.iter().enumerate() {
        let c = colour(s);
        let x0 = |g: usize| g as f64 - 0.4 + s as f64 * width;
        chart
            .draw_series(
                values[s].iter().enumerate().filter(|(_, v)| v.0.is_finite()).map(|(g, v)| {
                    Rectangle::new([(x0(g) + 0.05 * width, 0.0f64.max(lo)), (x0(g) + 0.95 * width, v.0)], c.mix(0.8).filled())
                }),
            )
            .map_err(err)?
            .label(name.clone())
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], c.filled()));
        chart
            .draw_series(
                values[s]
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| v.1.is_finite() && v.2.is_finite())
                    .map(|(g, v)| ErrorBar::new_vertical(x0(g) + 0.5 * width, v.1, v.0, v.2, BLACK.stroke_width(1), 6)),
            )
            .map_err(err)?;
    }
    if series.len() > 1 {
        legend(&mut chart)?;
    }
    Ok(())
}

/// The series legend of every figure: top right, on a light background.
fn legend<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(chart: &mut ChartContext<'a, DB, CT>) -> Result<(), String> {
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .map_err(err)
}

/// Lines over time: `series[s] = (label, points)`, an optional shaded
/// warm-up up to `shade_until`.
pub fn lines<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    x_label: &str,
    y_label: &str,
    series: &[(String, Vec<(f64, f64)>)],
    shade_until: Option<f64>,
) -> Result<(), String> {
    let xs = series.iter().flat_map(|s| s.1.iter().map(|p| p.0));
    let (x0, x1) = range_of(xs, false);
    let (y0, y1) = range_of(series.iter().flat_map(|s| s.1.iter().map(|p| p.1)), true);
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 17))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(64)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_label_formatter(&|x| tick(*x))
        .y_label_formatter(&|y| tick(*y))
        .x_desc(x_label)
        .y_desc(y_label)
        .draw()
        .map_err(err)?;
    if let Some(w) = shade_until {
        chart
            .draw_series(std::iter::once(Rectangle::new([(x0, y0), (w.min(x1), y1)], RGBColor(220, 220, 220).mix(0.5).filled())))
            .map_err(err)?;
    }
    for (i, (label, points)) in series.iter().enumerate() {
        let c = colour(i);
        chart
            .draw_series(LineSeries::new(points.iter().copied(), c.stroke_width(2)))
            .map_err(err)?
            .label(label.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], c.stroke_width(2)));
    }
    legend(&mut chart)?;
    Ok(())
}

/// Horizontal bars from a baseline (tornado): `bars[i] = (label, at_low, at_high)`.
pub fn tornado<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    baseline: f64,
    bars: &[(String, f64, f64)],
    low_label: &str,
    high_label: &str,
) -> Result<(), String> {
    let (lo, hi) = range_of(bars.iter().flat_map(|b| [b.1, b.2]).chain([baseline]), false);
    let n = bars.len().max(1) as f64;
    let names: Vec<String> = bars.iter().map(|b| b.0.clone()).collect();
    // Room for the longest name (≈ 7 px a character at the labels' size;
    // a long path with its « (n.d.) » was cut), and an empty top row for
    // the legend, which otherwise hid the largest bar.
    let longest = names.iter().map(|s| s.chars().count()).max().unwrap_or(0) as u32;
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 16))
        .margin(12)
        .x_label_area_size(30)
        .y_label_area_size((longest * 7 + 16).clamp(120, 460))
        .build_cartesian_2d(lo..hi, -0.5f64..n + 0.5)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(bars.len() + 1)
        .y_label_formatter(&|y| {
            let i = y.round();
            if (y - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < bars.len() {
                names.get(bars.len().saturating_sub(1 + i as usize)).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .x_label_formatter(&|x| tick(*x))
        .draw()
        .map_err(err)?;
    let row = |i: usize| (bars.len() - 1 - i) as f64;
    let (cl, ch) = (colour(0), colour(1));
    chart
        .draw_series(
            bars.iter().enumerate().map(|(i, b)| Rectangle::new([(baseline, row(i) - 0.35), (b.1, row(i) + 0.35)], cl.mix(0.85).filled())),
        )
        .map_err(err)?
        .label(low_label.to_string())
        .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], cl.filled()));
    chart
        .draw_series(
            bars.iter().enumerate().map(|(i, b)| Rectangle::new([(baseline, row(i) - 0.35), (b.2, row(i) + 0.35)], ch.mix(0.6).filled())),
        )
        .map_err(err)?
        .label(high_label.to_string())
        .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], ch.filled()));
    chart
        .draw_series(std::iter::once(PathElement::new(vec![(baseline, -0.5), (baseline, n + 0.5)], BLACK.stroke_width(1))))
        .map_err(err)?;
    legend(&mut chart)?;
    Ok(())
}

/// A map of zones (points at their coordinates, area ∝ population),
/// coloured by `value`, with ED sites as black triangles.
pub fn zone_map<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    zones: &[(f64, f64, f64, f64)],
    eds: &[(f64, f64)],
    legend: &str,
) -> Result<(), String> {
    let (x0, x1) = range_of(zones.iter().map(|z| z.0).chain(eds.iter().map(|e| e.0)), false);
    let (y0, y1) = range_of(zones.iter().map(|z| z.1).chain(eds.iter().map(|e| e.1)), false);
    // Keep the aspect ratio: widen the shorter side.
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (f64::from(w.saturating_sub(120).max(1)), f64::from(h.saturating_sub(60).max(1)));
    let scale = ((x1 - x0) / w).max((y1 - y0) / h);
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let (x0, x1, y0, y1) = (cx - scale * w / 2.0, cx + scale * w / 2.0, cy - scale * h / 2.0, cy + scale * h / 2.0);
    let (vmin, vmax) = colour_range(zones.iter().map(|z| z.3));
    let (areas, legend_area) = root.split_horizontally(root.dim_in_pixel().0.saturating_sub(110));
    let mut chart =
        ChartBuilder::on(&areas).caption(title, ("sans-serif", 17)).margin(10).build_cartesian_2d(x0..x1, y0..y1).map_err(err)?;
    let max_pop = zones.iter().map(|z| z.2).fold(1.0, f64::max);
    chart
        .draw_series(zones.iter().filter(|z| z.3.is_finite()).map(|z| {
            let r = (2.0 + 10.0 * (z.2 / max_pop).sqrt()) as i32;
            Circle::new((z.0, z.1), r, ramp((z.3 - vmin) / (vmax - vmin).max(1e-12)).mix(0.85).filled())
        }))
        .map_err(err)?;
    chart
        .draw_series(zones.iter().filter(|z| !z.3.is_finite()).map(|z| Circle::new((z.0, z.1), 2, RGBColor(200, 200, 200).filled())))
        .map_err(err)?;
    chart.draw_series(eds.iter().map(|e| TriangleMarker::new(*e, 7, BLACK.filled()))).map_err(err)?;
    // Colour scale.
    let steps = 40;
    let (_, lh) = legend_area.dim_in_pixel();
    let style = ("sans-serif", 13).into_font();
    // The colour scale below the title's last line.
    let top = 40i32 + legend_title(&legend_area, legend, 4, &style)?;
    let bottom = lh as i32 - 40;
    for i in 0..steps {
        let f = i as f64 / (steps - 1) as f64;
        let y = bottom - ((bottom - top) as f64 * f) as i32;
        legend_area.draw(&Rectangle::new([(10, y - 5), (30, y + 5)], ramp(f).filled())).map_err(err)?;
    }
    legend_area.draw(&Text::new(legend_value(vmax), (34, top - 6), style.clone())).map_err(err)?;
    legend_area.draw(&Text::new(legend_value(vmin), (34, bottom - 6), style.clone())).map_err(err)?;
    legend_area.draw(&TriangleMarker::new((14, bottom + 22), 6, BLACK.filled())).map_err(err)?;
    legend_area
        .draw(&Text::new(LANG.with(|l| if l.get() == super::labels::Lang::Fr { "urgences" } else { "ED" }), (24, bottom + 15), style))
        .map_err(err)?;
    Ok(())
}

/// Draws the title of a map's colour legend from `x` pixels, on as many
/// lines as the legend's width needs ("Δ Renoncement aux soins (pts)" was
/// cut at "Δ Renoncement aux so"); returns the height its lines add to
/// the first one (pixels), where the scale below starts lower. The one
/// rule of both maps' legends (levels and differences). A line's width is
/// measured with the font (its glyphs' advances): a bound of 7 pixels a
/// character sent "(j)" of « Δ Délai moyen (j) » (about 90 pixels at
/// 12 px) alone to a second line of the difference map's 116 pixels,
/// where the bitmap font packs "j)" so tight that it read « (j ».
pub fn legend_title<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, text: &str, x: i32, style: &FontDesc) -> Result<i32, String> {
    let (width, _) = area.dim_in_pixel();
    let room = (width as usize).saturating_sub(2 * x as usize);
    let measured = |line: &str| style.box_size(line).map_or(line.chars().count() * LEGEND_CHAR_PX, |(w, _)| w as usize);
    let lines = wrap_to(text, |line| measured(line) <= room);
    for (i, line) in lines.iter().enumerate() {
        area.draw(&Text::new(line.clone(), (x, 12 + LEGEND_LINE_PX * i as i32), style.clone())).map_err(err)?;
    }
    Ok(LEGEND_LINE_PX * (lines.len().max(1) as i32 - 1))
}

/// Width of a character of the legend's 13-pixel font, pixels (an upper
/// bound of its average: plotters' sans-serif at 13 px), when the font
/// cannot measure a line.
const LEGEND_CHAR_PX: usize = 7;
/// Height of a line of the legend's title, pixels.
const LEGEND_LINE_PX: i32 = 14;

/// `text` in lines of at most `width` characters, broken between words
/// (a word longer than a line is cut across lines).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_to(text, |line| line.chars().count() <= width)
}

/// `text` in lines that each `fit`, broken between words; a word that
/// does not fit alone is cut across lines (at least one character a line).
pub fn wrap_to(text: &str, fits: impl Fn(&str) -> bool) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let joined = format!("{line} {word}");
        if !line.is_empty() && fits(&joined) {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut word: Vec<char> = word.chars().collect();
        while !fits(&word.iter().collect::<String>()) && word.len() > 1 {
            let cut = (1..word.len()).rev().find(|&n| fits(&word[..n].iter().collect::<String>())).unwrap_or(1);
            lines.push(word.drain(..cut).collect());
        }
        line = word.into_iter().collect();
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A colour ramp from pale yellow (low) to dark purple (high), like viridis reversed.
pub fn ramp(f: f64) -> RGBColor {
    let stops = [(253.0, 231.0, 37.0), (94.0, 201.0, 98.0), (33.0, 145.0, 140.0), (59.0, 82.0, 139.0), (68.0, 1.0, 84.0)];
    let f = if f.is_finite() { f.clamp(0.0, 1.0) } else { 0.0 } * (stops.len() - 1) as f64;
    let i = (f.floor() as usize).min(stops.len() - 2);
    let t = f - i as f64;
    let (a, b) = (stops[i], stops[i + 1]);
    RGBColor((a.0 + t * (b.0 - a.0)) as u8, (a.1 + t * (b.1 - a.1)) as u8, (a.2 + t * (b.2 - a.2)) as u8)
}

#[cfg(test)]
mod tests {

    /// A figure whose every value is zero (a second-line run's GP
    /// indicators) had an axis from 0 to 10⁻⁹, ticked "0,000000001": its axis
    /// now spans 0 to 1 and its ticks read as plain numbers.
    #[test]
    fn an_all_zero_figure_has_a_readable_axis() {
        register_font();
        assert_eq!(range_of([0.0, 0.0, 0.0].into_iter(), true), (0.0, 1.0));
        assert_eq!(range_of([0.0].into_iter(), false), (-0.5, 0.5));
        assert_eq!(range_of([4.0, 4.0].into_iter(), false), (2.0, 6.0));
        let (lo, hi) = range_of([0.0, 2.0].into_iter(), true);
        assert!(lo == 0.0 && (hi - 2.16).abs() < 1e-12, "a real span keeps its 8 % pad: {hi}");
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (400, 300)).into_drawing_area();
            let zero = vec![vec![(0.0, 0.0, 0.0); 2]];
            bars_with_intervals(&root, "t", "d", &["a".to_string(), "b".to_string()], &["v".to_string()], &zero).unwrap();
            root.present().unwrap();
        }
        let ticks: Vec<&str> =
            svg.split("</text>").filter_map(|t| t.rsplit('>').next()).map(str::trim).filter(|t| t.parse::<f64>().is_ok()).collect();
        assert!(ticks.contains(&"0") && ticks.contains(&"1"), "{ticks:?}");
        assert!(ticks.iter().all(|t| t.len() <= 3), "plain ticks (0, 0.1 … 1): {ticks:?}");
    }

    /// The legend title cut at "Δ Renoncement aux so": wrapped between
    /// words within the legend's width (14 characters of 7 pixels in its
    /// 110 − 8 pixels), by hand.
    #[test]
    fn a_long_legend_title_wraps_between_words() {
        assert_eq!(super::wrap("Δ Renoncement aux soins (pts)", 102 / 7), ["Δ Renoncement", "aux soins", "(pts)"]);
        assert_eq!(super::wrap("short", 14), ["short"]);
        assert_eq!(super::wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(super::wrap("", 4), Vec::<String>::new());
    }

    use super::*;

    #[test]
    fn a_colour_scale_spans_exactly_the_values_shown() {
        // Mean delays 0.1 to 3.3 days: the legend reads 0.1 and 3.3, never a negative delay.
        assert_eq!(colour_range([0.1, 2.0, f64::NAN, 3.3].into_iter()), (0.1, 3.3));
        assert_eq!(colour_range([f64::NAN].into_iter()), (0.0, 1.0));
    }
}
