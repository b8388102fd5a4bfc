//! The trajectory charts of the committee's document (§6.2): one PNG per computed indicator with
//! targets, drawn with a font embedded in the binary (Carlito, SIL Open Font License, see
//! `fonts/`) so that nothing depends on the machine's fonts. Legible in black and white: the
//! réalisé a solid black line with filled circles, the cibles a grey dashed line with hollow
//! squares; shares on 0–100 %, amounts with their unit, whole ticks for counts.

use crate::compute::IndicatorResult;
use crate::compute::realised::Realised;
use crate::parse::number::format_french;
use plotters::prelude::*;
use plotters::series::DashedLineSeries;
use plotters::style::FontStyle;
use rust_decimal::prelude::ToPrimitive;
use std::sync::OnceLock;

/// The chart's size in pixels; printed 12,5 cm wide (about 200 dpi).
pub const SIZE: (u32, u32) = (1000, 580);
const FONT: &str = "spaser-carlito";
static CARLITO: &[u8] = include_bytes!("fonts/Carlito-Regular.ttf");
/// Text sizes in pixels: at 200 dpi, 30 px is about 11 pt and 26 px about 9,5 pt.
const TITLE_PX: u32 = 30;
const LABEL_PX: u32 = 26;
/// The legend's line sample.
const LEGEND_PX: i32 = 34;
/// A title longer than this is cut (with « … »): the full label is in the annex's table.
const TITLE_CHARS: usize = 62;

/// How the values are scaled and labelled.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Scale {
    /// Percentage points, on 0–100 %.
    Percent,
    /// Euros, labelled k€ / M€.
    Euros,
    /// Whole numbers: whole ticks only.
    Count,
    /// Any other figure.
    Decimal,
}

/// What one chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Trajectory {
    pub title: String,
    pub years: Vec<i32>,
    pub realised: Vec<(i32, f64)>,
    pub targets: Vec<(i32, f64)>,
    scale: Scale,
    unit: Option<String>,
}

impl Trajectory {
    /// The indicator's réalisé and cibles over `years`.
    pub fn of(result: &IndicatorResult, years: &[i32]) -> Self {
        let indicator = &result.indicator;
        let value = |d: &rust_decimal::Decimal| d.to_f64();
        let realised: Vec<(i32, f64)> = years
            .iter()
            .filter_map(|year| match result.realised_in(*year) {
                Some(Realised::Number(number)) => Some((*year, value(number)?)),
                _ => None,
            })
            .collect();
        let targets: Vec<(i32, f64)> = years
            .iter()
            .filter_map(|year| Some((*year, value(indicator.cibles.get(year)?)?)))
            .collect();
        let unit = indicator.unite.clone().filter(|u| !u.trim().is_empty());
        let whole = realised.iter().chain(&targets).all(|(_, v)| v.fract() == 0.0);
        let scale = if indicator.is_percent() {
            Scale::Percent
        } else if unit.as_deref().is_some_and(|u| u.contains('€')) {
            Scale::Euros
        } else if whole {
            Scale::Count
        } else {
            Scale::Decimal
        };
        Self {
            title: format!("{} — {}", indicator.code.spelling(), indicator.libelle),
            years: years.to_vec(),
            realised,
            targets,
            scale,
            unit,
        }
    }

    /// The chart as PNG; `None` when it cannot be drawn (the document then goes without it).
    pub fn png(&self) -> Option<Vec<u8>> {
        register_font()?;
        let mut pixels = vec![255u8; (SIZE.0 * SIZE.1 * 3) as usize];
        {
            let root = BitMapBackend::with_buffer(&mut pixels, SIZE).into_drawing_area();
            self.draw(&root).ok()?;
            root.present().ok()?;
        }
        encode_png(&pixels)
    }

    fn draw(
        &self,
        root: &DrawingArea<BitMapBackend<'_>, plotters::coord::Shift>,
    ) -> Result<(), Box<dyn std::error::Error>> {
        let first = *self.years.first().ok_or("aucune année")?;
        let last = *self.years.last().ok_or("aucune année")?;
        let (low, high) = self.value_range();
        let mut chart = ChartBuilder::on(root)
            .caption(shorten(&self.title, TITLE_CHARS), (FONT, TITLE_PX).into_font())
            .margin(16)
            .x_label_area_size(44)
            .y_label_area_size(110)
            .build_cartesian_2d(f64::from(first) - 0.4..f64::from(last) + 0.4, low..high)?;
        let scale = self.scale;
        let x_format = |x: &f64| {
            if x.fract() == 0.0 {
                format!("{x:.0}")
            } else {
                String::new()
            }
        };
        let y_format = move |y: &f64| label(scale, *y);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(215, 215, 215))
            .x_labels(self.years.len() + 1)
            .x_label_formatter(&x_format)
            .y_labels(6)
            .y_label_formatter(&y_format)
            .y_desc(self.axis_title())
            .label_style((FONT, LABEL_PX).into_font())
            .axis_desc_style((FONT, LABEL_PX).into_font())
            .draw()?;
        let points = |values: &[(i32, f64)]| values.iter().map(|(y, v)| (f64::from(*y), *v)).collect::<Vec<_>>();
        let grey = RGBColor(90, 90, 90);
        chart
            .draw_series(DashedLineSeries::new(
                points(&self.targets),
                14,
                8,
                grey.stroke_width(3),
            ))?
            .label("Cible")
            .legend(move |(x, y)| PathElement::new([(x, y), (x + LEGEND_PX, y)], grey.stroke_width(3)));
        chart.draw_series(points(&self.targets).into_iter().map(|p| {
            EmptyElement::at(p) + Rectangle::new([(-7, -7), (7, 7)], ShapeStyle::from(grey).stroke_width(3))
        }))?;
        chart
            .draw_series(LineSeries::new(points(&self.realised), BLACK.stroke_width(4)))?
            .label("Réalisé")
            .legend(|(x, y)| PathElement::new([(x, y), (x + LEGEND_PX, y)], BLACK.stroke_width(4)));
        chart.draw_series(
            points(&self.realised)
                .into_iter()
                .map(|p| Circle::new(p, 8, BLACK.filled())),
        )?;
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .legend_area_size(LEGEND_PX + 12)
            .background_style(WHITE.mix(0.9))
            .border_style(RGBColor(160, 160, 160))
            .label_font((FONT, LABEL_PX).into_font())
            .draw()?;
        Ok(())
    }

    /// From 0 (or the lowest value) to a little above the highest; 0–100 for shares.
    fn value_range(&self) -> (f64, f64) {
        let values = self.realised.iter().chain(&self.targets).map(|(_, v)| *v);
        let (min, max) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        match self.scale {
            // A little room above 100 % keeps its tick's label whole.
            Scale::Percent => (min.min(0.0), max.max(100.0) + 4.0),
            _ if max <= min => (min, min + 1.0),
            Scale::Count => (min, (max * 1.15).ceil().max(max + 1.0)),
            _ => (min, max * 1.15),
        }
    }

    fn axis_title(&self) -> String {
        match (self.scale, &self.unit) {
            (Scale::Percent, _) => "%".to_string(),
            (_, Some(unit)) => shorten(unit, 30),
            _ => String::new(),
        }
    }
}

/// A tick's label: `40 %`, `350 k€`, `1,2 M€`, `12`; nothing between whole ticks of a count.
fn label(scale: Scale, value: f64) -> String {
    let french = |text: String| text.replace('.', ",");
    match scale {
        Scale::Percent => format!("{value:.0} %"),
        Scale::Euros if value.abs() >= 1e6 => french(format!("{:.1} M€", value / 1e6)),
        Scale::Euros if value.abs() >= 1e3 => format!("{} k€", grouped(value / 1e3)),
        Scale::Euros => format!("{value:.0} €"),
        Scale::Count if value.fract() != 0.0 => String::new(),
        Scale::Count => grouped(value),
        Scale::Decimal => french(format!("{value:.1}")),
    }
}

/// A whole number with its thousands apart: `40 000`.
fn grouped(value: f64) -> String {
    use rust_decimal::prelude::FromPrimitive;
    rust_decimal::Decimal::from_f64(value.round()).map_or_else(String::new, format_french)
}

fn shorten(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// The embedded font, registered once for every chart.
fn register_font() -> Option<()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    REGISTERED
        .get_or_init(|| plotters::style::register_font(FONT, FontStyle::Normal, CARLITO).is_ok())
        .then_some(())
}

fn encode_png(rgb: &[u8]) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, SIZE.0, SIZE.1);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().ok()?;
        writer.write_image_data(rgb).ok()?;
    }
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trajectory(scale: Scale, realised: &[(i32, f64)], targets: &[(i32, f64)]) -> Trajectory {
        Trajectory {
            title: "I1 — Part des marchés avec une clause environnementale".to_string(),
            years: (2022..=2026).collect(),
            realised: realised.to_vec(),
            targets: targets.to_vec(),
            scale,
            unit: None,
        }
    }

    #[test]
    fn a_chart_is_a_png_of_its_size_drawn_with_the_embedded_font() {
        let chart = trajectory(
            Scale::Percent,
            &[(2022, 30.0), (2023, 41.5)],
            &[(2024, 50.0), (2026, 70.0)],
        );
        let png = chart.png().expect("drawn");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let decoder = png::Decoder::new(png.as_slice());
        let info = decoder.read_info().expect("a valid PNG");
        assert_eq!((info.info().width, info.info().height), SIZE);
    }

    #[test]
    fn shares_are_on_0_to_100_and_counts_get_whole_ticks_only() {
        assert_eq!(
            trajectory(Scale::Percent, &[(2022, 30.0)], &[(2026, 45.0)]).value_range(),
            (0.0, 104.0)
        );
        assert_eq!(label(Scale::Count, 40_000.0), "40 000");
        assert_eq!(label(Scale::Count, 2.5), "");
        assert_eq!(label(Scale::Count, 3.0), "3");
        assert_eq!(label(Scale::Percent, 40.0), "40 %");
        assert_eq!(label(Scale::Euros, 1_250_000.0), "1,2 M€");
        assert_eq!(label(Scale::Euros, 350_000.0), "350 k€");
    }
}
