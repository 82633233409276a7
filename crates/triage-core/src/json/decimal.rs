//! Decimal text to the nearest `f64`, exactly as `str::parse::<f64>` rounds it, without the standard library's
//! 10 KB table of powers of five (the largest single item of the wasm build, and nearly incompressible).
//!
//! Most numbers take the exact fast path: an integer below 2^53 times or divided by a power of ten up to 10^22 is
//! two exact operands and one correctly rounded operation. The rest start from an estimate a few doubles off and
//! move along the (ordered) bit patterns, comparing the decimal value with the midpoints between neighbouring
//! doubles as big integers, until it lies within the rounding interval of one.

use std::cmp::Ordering;

/// Significant digits kept: more than the 767 any double or midpoint between two doubles needs, so a longer
/// number only matters through whether its dropped digits are all zero (see [`parse`]).
const MAX_DIGITS: usize = 800;
/// The bit pattern of +infinity; the midpoint below it is the one between `f64::MAX` and 2^1024.
const INFINITY_BITS: u64 = 0x7FF0_0000_0000_0000;
const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
    1e19, 1e20, 1e21, 1e22,
];

/// The decimal forms `f64::from_str` accepts, with its result: `[+-]digits[.digits][(e|E)[+-]digits]`, where
/// either digit run around the point may be empty but not both. Magnitudes past `f64::MAX` round to infinity,
/// tiny ones to zero, as in the standard library. The words `inf` and `nan` are not accepted.
pub fn parse(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let (negative, mut rest) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, bytes),
    };
    let mut digits = Digits::default();
    let mut any_digit = false;
    while let Some((&b, tail)) = rest.split_first().filter(|(b, _)| b.is_ascii_digit()) {
        digits.push(b - b'0', false);
        any_digit = true;
        rest = tail;
    }
    if let Some((b'.', tail)) = rest.split_first() {
        rest = tail;
        while let Some((&b, tail)) = rest.split_first().filter(|(b, _)| b.is_ascii_digit()) {
            digits.push(b - b'0', true);
            any_digit = true;
            rest = tail;
        }
    }
    if !any_digit {
        return None;
    }
    if let Some((b'e' | b'E', tail)) = rest.split_first() {
        let (exponent, tail) = exponent(tail)?;
        digits.exponent = digits.exponent.saturating_add(exponent);
        rest = tail;
    }
    if !rest.is_empty() {
        return None;
    }
    let magnitude = digits.value();
    Some(if negative { -magnitude } else { magnitude })
}

/// `[+-]digits` after the `e`, saturating far beyond any exponent that could matter.
fn exponent(text: &[u8]) -> Option<(i64, &[u8])> {
    let (negative, mut rest) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, text),
    };
    let mut value: i64 = 0;
    let mut any_digit = false;
    while let Some((&b, tail)) = rest.split_first().filter(|(b, _)| b.is_ascii_digit()) {
        value = (value * 10 + i64::from(b - b'0')).min(1 << 40);
        any_digit = true;
        rest = tail;
    }
    any_digit.then_some((if negative { -value } else { value }, rest))
}

/// The number as `significand × 10^exponent`, the significand's decimal digits without leading zeros.
#[derive(Default)]
struct Digits {
    significand: Vec<u8>,
    exponent: i64,
    /// A nonzero digit was dropped past [`MAX_DIGITS`].
    inexact: bool,
}

impl Digits {
    fn push(&mut self, digit: u8, after_point: bool) {
        if self.significand.is_empty() && digit == 0 {
            self.exponent -= i64::from(after_point);
        } else if self.significand.len() < MAX_DIGITS {
            self.significand.push(digit);
            self.exponent -= i64::from(after_point);
        } else {
            self.inexact |= digit != 0;
            self.exponent += i64::from(!after_point);
        }
    }

    /// The nearest double (ties to even) to the non-negative value.
    fn value(mut self) -> f64 {
        if self.inexact {
            // A digit 1 after the kept ones is strictly between the kept value and the true one, and no double
            // or midpoint lies between them at this precision, so every comparison below comes out the same.
            self.significand.push(1);
            self.exponent -= 1;
        }
        let Some(len) = i64::try_from(self.significand.len()).ok().filter(|&len| len > 0) else {
            return 0.0;
        };
        // The value lies in [10^leading, 10^(leading + 1)).
        let leading = len - 1 + self.exponent;
        if leading >= 309 {
            return f64::INFINITY;
        }
        if leading < -325 {
            // Below 10^-325, less than half the smallest subnormal (about 2.5e-324).
            return 0.0;
        }
        if let Some(exact) = self.fast_path() {
            return exact;
        }
        let exact = Exact::new(&self.significand, self.exponent);
        // The answer is the double whose rounding interval (between the midpoints to its neighbours, a midpoint
        // going to the even one) holds the value; walk there from the estimate, one double at a time.
        let mut bits = self.estimate().to_bits().min(INFINITY_BITS);
        loop {
            if bits < INFINITY_BITS {
                let above = exact.compare_midpoint(bits);
                if above == Ordering::Greater || above == Ordering::Equal && bits % 2 == 1 {
                    bits += 1;
                    continue;
                }
            }
            let Some(below) = bits.checked_sub(1) else {
                break;
            };
            let below_order = exact.compare_midpoint(below);
            if below_order == Ordering::Less || below_order == Ordering::Equal && bits % 2 == 1 {
                bits = below;
                continue;
            }
            break;
        }
        f64::from_bits(bits)
    }

    /// Exact when the significand is below 2^53 and the power of ten is exact too.
    fn fast_path(&self) -> Option<f64> {
        if self.significand.len() > 15 {
            return None;
        }
        let significand = self.significand.iter().fold(0u64, |n, &d| n * 10 + u64::from(d)) as f64;
        let power = POWERS_OF_TEN.get(usize::try_from(self.exponent.unsigned_abs()).ok()?)?;
        Some(if self.exponent < 0 {
            significand / power
        } else {
            significand * power
        })
    }

    /// Within a few doubles of the value: the first 19 digits, scaled by powers of ten in steps.
    fn estimate(&self) -> f64 {
        let head = self.significand.iter().take(19);
        let mut value = head.clone().fold(0u64, |n, &d| n * 10 + u64::from(d)) as f64;
        let mut exponent = self.exponent + (self.significand.len() - head.len()) as i64;
        while exponent != 0 {
            let step = exponent.clamp(-22, 22);
            let power = POWERS_OF_TEN
                .get(step.unsigned_abs() as usize)
                .copied()
                .unwrap_or(1.0);
            value = if step < 0 { value / power } else { value * power };
            exponent -= step;
        }
        value
    }
}

/// The value as big integers, `numerator / denominator` with both scaled by powers of ten.
struct Exact {
    /// significand × 10^max(exponent, 0)
    numerator: Big,
    /// 10^max(-exponent, 0)
    denominator: Big,
}

impl Exact {
    fn new(significand: &[u8], exponent: i64) -> Self {
        let mut numerator = Big(Vec::new());
        for &digit in significand {
            numerator.mul_add(10, u32::from(digit));
        }
        let mut denominator = Big(vec![1]);
        for _ in 0..exponent.unsigned_abs() {
            let scaled = if exponent < 0 {
                &mut denominator
            } else {
                &mut numerator
            };
            scaled.mul_add(10, 0);
        }
        Exact {
            numerator,
            denominator,
        }
    }

    /// The value against the midpoint between the double with these bits and the next one up.
    fn compare_midpoint(&self, bits: u64) -> Ordering {
        let (mantissa, exponent) = decompose(bits);
        let (next, next_exponent) = decompose(bits + 1);
        // The next double's exponent is the same or one more; twice the midpoint is `sum × 2^exponent`.
        let sum = mantissa + (next << (next_exponent - exponent));
        self.compare_scaled(sum, exponent - 1)
    }

    /// The value against `mantissa × 2^exponent`.
    fn compare_scaled(&self, mantissa: u64, exponent: i64) -> Ordering {
        let mut left = self.numerator.clone();
        left.shift_left((-exponent).max(0));
        let mut right = self.denominator.clone();
        right.mul_add(mantissa as u32, 0);
        let mut high = self.denominator.clone();
        high.mul_add((mantissa >> 32) as u32, 0);
        high.shift_left(32);
        right.add(&high);
        right.shift_left(exponent.max(0));
        left.cmp(&right)
    }
}

/// The mantissa and binary exponent of a non-negative double's bit pattern (`INFINITY_BITS` reads as 2^1024).
fn decompose(bits: u64) -> (u64, i64) {
    let fraction = bits & ((1 << 52) - 1);
    match (bits >> 52) as i64 {
        0 => (fraction, -1074),
        biased => (fraction | 1 << 52, biased - 1075),
    }
}

/// An unsigned big integer, 32-bit limbs, least significant first.
#[derive(Clone)]
struct Big(Vec<u32>);

impl Big {
    /// `self = self × factor + addend`.
    fn mul_add(&mut self, factor: u32, addend: u32) {
        let mut carry = u64::from(addend);
        for limb in &mut self.0 {
            let product = u64::from(*limb) * u64::from(factor) + carry;
            *limb = product as u32;
            carry = product >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn add(&mut self, other: &Big) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        let mut carry = 0u64;
        for (i, limb) in self.0.iter_mut().enumerate() {
            let sum = u64::from(*limb) + u64::from(other.0.get(i).copied().unwrap_or(0)) + carry;
            *limb = sum as u32;
            carry = sum >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn shift_left(&mut self, bits: i64) {
        let (words, bits) = ((bits / 32) as usize, (bits % 32) as u32);
        if bits > 0 {
            let mut carry = 0u32;
            for limb in &mut self.0 {
                let shifted = (*limb << bits) | carry;
                carry = *limb >> (32 - bits);
                *limb = shifted;
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        self.0.splice(0..0, std::iter::repeat_n(0, words));
    }

    fn significant(&self) -> &[u32] {
        let len = self.0.iter().rposition(|&limb| limb != 0).map_or(0, |i| i + 1);
        self.0.get(..len).unwrap_or_default()
    }

    fn cmp(&self, other: &Big) -> Ordering {
        let (a, b) = (self.significant(), other.significant());
        a.len()
            .cmp(&b.len())
            .then_with(|| a.iter().rev().cmp(b.iter().rev()))
    }
}

#[cfg(test)]
mod tests {
    use super::parse;
    use proptest::prelude::*;

    fn same_as_std(text: &str) {
        let ours = parse(text).map(f64::to_bits);
        let std = text.parse::<f64>().ok().filter(|_| {
            let word = text.trim_start_matches(['+', '-']).to_ascii_lowercase();
            !matches!(word.as_str(), "inf" | "infinity" | "nan")
        });
        assert_eq!(ours, std.map(f64::to_bits), "{text}");
    }

    #[test]
    fn agrees_with_std_on_hard_cases() {
        // 2^-1075 written out exactly (half the smallest subnormal, a tie) and just above it.
        let long_midpoint = "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125001e-324";
        for text in [
            "0", "-0", "+0", "0.0", "00", "1", "-1", "1.", ".5", "-.5", "+.5e1", "1e", "1e+", ".", "-", "", "e5",
            "1e-", "1.5e", "0.1", "0.2", "0.3", "0.30000000000000004", "1.7976931348623157e308",
            "1.7976931348623158e308", "1.7976931348623159e308", "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.9999999999999999999999999999999999999999999999999999999999999999999999",
            "1e309", "1e400", "-1e400", "1e-400", "2.2250738585072011e-308", "2.2250738585072012e-308",
            "2.2250738585072014e-308", "4.9406564584124654e-324", "2.4703282292062327e-324",
            "2.4703282292062328e-324", "2.47032822920623272e-324", "1e-324", "3e-324", "1e-325",
            "9007199254740993", "9007199254740992.5", "9007199254740993.0000000000000000000001",
            "123456789012345678901234567890", "1e23", "8.988465674311579e307", "0.000001e-310",
            "100000000000000000000000000000000000000000000000000e-50", "0e999999999999999999999",
            "1e-99999999999999999999", "1e99999999999999999999", "12a", "1.2.3", "1e5.5", " 1", "1_0", "inf",
            "nan", "Infinity", "-NaN", "0x10", "1E5", "1E+05", "1e-05",
        ] {
            same_as_std(text);
        }
        same_as_std(long_midpoint);
        same_as_std(&long_midpoint.replace("125001e-324", "125e-324"));
        same_as_std(&format!("1{}e-900", "0".repeat(900)));
        same_as_std(&format!("0.{}1", "0".repeat(2000)));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn agrees_with_std_on_any_double(bits in any::<u64>()) {
            let value = f64::from_bits(bits);
            if value.is_finite() {
                same_as_std(&format!("{value:e}"));
                same_as_std(&format!("{value}"));
                same_as_std(&format!("{value:.30e}"));
                same_as_std(&format!("{value:.3e}"));
            }
        }

        #[test]
        fn agrees_with_std_on_decimal_text(
            text in "[+-]?[0-9]{0,30}(\\.[0-9]{0,30})?([eE][+-]?[0-9]{1,3})?",
        ) {
            same_as_std(&text);
        }
    }
}
