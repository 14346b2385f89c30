//! Summaries of repeated measurements: median with its min-max spread, and the
//! geometric mean of ratios (the right average for "how many times faster", since it
//! treats 2x faster and 2x slower symmetrically).

use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Spread {
    pub median_s: f64,
    pub min_s: f64,
    pub max_s: f64,
}

/// Median (mean of the middle two for an even count), min and max; `None` when empty.
pub fn spread(samples: &[Duration]) -> Option<Spread> {
    let mut seconds: Vec<f64> = samples.iter().map(Duration::as_secs_f64).collect();
    seconds.sort_by(f64::total_cmp);
    let count = seconds.len();
    let upper_middle = *seconds.get(count / 2)?;
    let median_s = if count.is_multiple_of(2) {
        let lower_middle = *seconds.get(count / 2 - 1)?;
        (lower_middle + upper_middle) / 2.0
    } else {
        upper_middle
    };
    Some(Spread { median_s, min_s: *seconds.first()?, max_s: *seconds.last()? })
}

/// The geometric mean of positive ratios; `None` when there are none.
pub fn geometric_mean(ratios: &[f64]) -> Option<f64> {
    let positive: Vec<f64> = ratios.iter().copied().filter(|ratio| *ratio > 0.0 && ratio.is_finite()).collect();
    if positive.is_empty() {
        return None;
    }
    let mean_log = positive.iter().map(|ratio| ratio.ln()).sum::<f64>() / positive.len() as f64;
    Some(mean_log.exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn millis(values: &[u64]) -> Vec<Duration> {
        values.iter().map(|value| Duration::from_millis(*value)).collect()
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        let odd = spread(&millis(&[30, 10, 20])).unwrap();
        assert_eq!(odd, Spread { median_s: 0.02, min_s: 0.01, max_s: 0.03 });
        let even = spread(&millis(&[40, 10, 20, 30])).unwrap();
        assert!((even.median_s - 0.025).abs() < 1e-12);
        assert_eq!(spread(&[]), None);
    }

    #[test]
    fn geometric_mean_is_symmetric_in_ratios() {
        let mean = geometric_mean(&[2.0, 0.5]).unwrap();
        assert!((mean - 1.0).abs() < 1e-12);
        let mean = geometric_mean(&[1.0, 4.0]).unwrap();
        assert!((mean - 2.0).abs() < 1e-12);
        assert_eq!(geometric_mean(&[]), None);
    }
}
