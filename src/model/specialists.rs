//! The second line (issue 19 §2): specialists seen on a GP's referral.
//!
//! **Mechanism, not a drawn delay.** After a GP consultation (any need kind
//! but prevention) the GP refers the patient to a specialty with the
//! probability `referral_per_gp_consultation` of that specialty. The
//! referral asks the specialists of the patient's **territory** (one *pool*
//! per territory × density class × specialty; the patient's own class's pool,
//! or the one it chooses, below) for a place. A pool's capacity is a mechanism: specialists = inhabitants ×
//! `per_100k[specialty][density]` / 100,000; places per working day =
//! specialists × `sessions_per_week` / 5 × `consultations_per_session` ×
//! `referral_share_of_places` (the other places go to the specialists' own
//! follow-ups and direct access), plus the sessions added by
//! `specialist_sessions` policies while active. A pool books by count: the
//! referral takes the first working day after today with a free place, so the
//! wait grows where referrals outrun the places (low density) and stays short
//! where they do not. The patient accepts a wait up to a tolerance drawn per
//! referral (log-normal, median `tolerance_median_days`, capped at
//! [`MAX_WAIT_DAYS`]); beyond it the referral is forgone (counted) and takes no
//! place — so in a pool whose demand exceeds capacity the wait settles where
//! the remaining demand fits the places.
//!
//! **Where the patient looks** (`pool_choice`): the referral may go to the
//! pool of any density class of the patient's territory — the town's
//! specialists also serve the villages — chosen by [`choose_pool`]: among the
//! pools with a place within the tolerance, a logit on travel (to the nearest
//! zone of the pool's class, `choice.beta_travel_per_hour`) and wait
//! (`beta_wait_per_day`). The direct requests choose by the same rule, booked
//! day by day across the pools of the territory
//! ([`SecondLine::book_direct_across`]), so that no request passes another
//! by construction. Places stay with the class whose inhabitants'
//! specialists they are; only demand moves.
//!
//! **Demand across the territory's boundary** (`catchment`, on by default):
//! town specialists also serve the surrounding population (IRDES, QES n° 219,
//! 2016: a quarter of specialist consultations in the patient's commune),
//! while demand per inhabitant is the same everywhere. So [`SpecialistParams::catchment`]
//! compares a class's specialists with the national mean (`per_100k`
//! weighted by France's population by density class): a surplus brings the
//! direct requests of the outside inhabitants its surplus places serve at
//! the national mean, at the national demand per inhabitant, booked with the pool's own direct
//! requests; a shortfall is the places of an *outside pool* of the
//! territory (one per specialty, [`SecondLine::outside`]), not its
//! inhabitants': they may book there as in any other pool, at
//! `outside_travel_min` (`pool_choice`), and their delays count as theirs.
//! Nationally the surpluses and shortfalls cancel, so no place is created.
//! Only a share `catchment_share` of a surplus or shortfall crosses the
//! boundary (both sides alike): below 1, towns keep part of their surplus for
//! their own inhabitants and villages' shortfall is partly made up, so towns
//! wait less than the national wait and villages more (DREES ER 1085: 29 days
//! to an ophthalmologist in Paris, 52 nationally, 97 in isolated villages).
//!
//! **Urgent and routine requests** (`urgent_share`): a share of the requests
//! follows new or worsening symptoms, and the specialists keep the same share
//! of each working day's places for them ([`SecondLine::kept`]). One booking
//! rule ([`SecondLine::earliest_for`]): an urgent request takes the first day
//! with any place free, a routine one the first day whose places not kept are
//! not all taken. Urgent requests accept `urgent_tolerance_median_days`,
//! routine ones `tolerance_median_days` ([`SpecialistParams::request_tolerance`]),
//! so each kind settles at its own tolerance's quantile: urgent requests are
//! seen within days while routine ones wait months, and the delays of a
//! specialty spread (DREES ER 1085: 9 days to a gynaecologist after new or
//! worsening symptoms, 36 for a check-up). Each kind's median is an output
//! (`specialist_urgent_delay_median_days.<s>`, `specialist_routine_delay_median_days.<s>`),
//! recorded with the pooled delay in one place ([`SecondLineCell::advice`]).
//!
//! **Variation of supply and demand.** A pool's places on a working day shrink
//! by the share of its specialists on leave (`leave`: the GPs' rule and
//! calendar, summer block and Christmas week; [`leave_factors`] keeps the
//! yearly total), and the number of direct requests of a working day is drawn
//! (`direct_requests_drawn`: Poisson around the rate), so that a pool below
//! full occupancy over the year still queues when demand outruns the places
//! for a while (summer), as real agendas do.
//!
//! **Direct demand** (`direct_access`, on by default with the second line):
//! specialists also see patients who come without a GP's referral (direct
//! access to ophthalmologists and gynaecologists, follow-ups booked anew).
//! Each pool then opens all its places (no `referral_share_of_places`) and
//! each working day brings inhabitants × the direct rate
//! ([`SpecialistParams::direct_rate`]) / 260 requests, booked like referrals within a tolerance drawn the same
//! way (stream `specialist_direct`), before the next referral of the pool
//! ([`SecondLine::book_direct_until`]). Demand follows the population and the
//! places the specialists' density, so the wait grows where the density is
//! low. Direct requests are not counted in the indicators (which describe
//! referrals), but a visit costs `visit_cost_eur` whoever books it: the
//! visits of the territory's inhabitants are in its cost of care, not those
//! of the outside patients of a surplus pool ([`SecondLine::inhabitants_share`],
//! `world::second_line`).
//!
//! **Demand above the places** (`unmet_share`): the national demand per
//! inhabitant ([`SpecialistParams::demand_per_inhabitant_year`], the one
//! rule) is the national places per inhabitant, at the sourced national
//! densities, divided by 1 − `unmet_share`: French specialists' agendas are
//! full and a share of the requests finds no place the patient accepts
//! (DREES, Études et Résultats n° 1085, 2018: 17 % of the requests to an
//! ophthalmologist fail, and a third of those are given up). The direct rate
//! is that demand less the GP referrals expected per inhabitant
//! (`referring_gp_consultations_per_inhabitant_year` ×
//! `referral_per_gp_consultation`). A pool whose demand λ exceeds its places
//! c queues until the requests whose tolerance is above the wait W fill the
//! places, λ · P(T ≥ W) = c: a share 1 − c/λ is given up and W is the
//! tolerance's quantile at that share.
//!
//! **Telexpertise** (`telexpertise` policy): the GP asks the specialist
//! remotely; if the GP's practice zone is connected (a draw against the
//! zone's broadband share, context 004) and the specialist answers without a
//! visit (the policy's `answered_share`), the advice comes after the policy's
//! `answer_days` and no place is taken.
//!
//! **Delay to specialist advice**: calendar days from the referral to the
//! specialist visit (or the telexpertise answer), for referrals made in the
//! observation window (indicator `specialist_delay_median_days.<specialty>`,
//! by density class through the usual groups). The second line changes no
//! other outcome in this version (no effect of the advice on hospital risk).
//!
//! Off by default (`specialists.enabled = false`): no draw, no pool, no
//! output row; its draws use their own stream (`specialist`), keyed by the
//! need, so switching it on shifts no other draw.

use super::DensityClass;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Specialties of the second line modelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Specialty {
    Ophthalmology,
    Dermatology,
    Cardiology,
    Gynaecology,
}

/// Number of specialties.
pub const SPECIALTIES: usize = 4;

impl Specialty {
    pub const ALL: [Specialty; SPECIALTIES] =
        [Specialty::Ophthalmology, Specialty::Dermatology, Specialty::Cardiology, Specialty::Gynaecology];

    pub fn index(self) -> usize {
        self as usize
    }

    /// Label used in output files and scenario files.
    pub fn label(self) -> &'static str {
        ["ophthalmology", "dermatology", "cardiology", "gynaecology"][self.index()]
    }

    pub fn parse(s: &str) -> Option<Specialty> {
        Specialty::ALL.into_iter().find(|x| x.label() == s)
    }
}

/// Longest wait (days) a referral can be booked at: the booking ring's length.
pub const MAX_WAIT_DAYS: u32 = 365;

/// Bins of the delay histogram: 0 … `MAX_WAIT_DAYS` days, one bin per day.
pub const DELAY_BINS: usize = MAX_WAIT_DAYS as usize + 1;

/// Specialist capacity and referrals (`[parameters.specialists]`); per-specialty arrays are in the
/// order ophthalmology, dermatology, cardiology, gynaecology; per-density arrays dense urban,
/// intermediate, rural, isolated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SpecialistParams {
    /// Simulate the second line (off by default: no draw, no output).
    pub enabled: bool,
    /// Probability that a GP consultation (any kind but prevention) ends with a referral to the specialty.
    pub referral_per_gp_consultation: [f64; SPECIALTIES],
    /// Specialists per 100,000 inhabitants, by specialty (rows) and density class (columns).
    pub per_100k: [[f64; 4]; SPECIALTIES],
    /// Half-day sessions a specialist works per week.
    pub sessions_per_week: f64,
    /// Consultations per half-day session, by specialty.
    pub consultations_per_session: [f64; SPECIALTIES],
    /// Share of the specialists' places open to new GP referrals (the rest: their own follow-ups and direct access); only when `direct_access` is false.
    pub referral_share_of_places: f64,
    /// Median wait (days) a routine request (not urgent, `urgent_share`)
    /// accepts before giving up: fitted to DREES's national medians (160, stop 24; 220 before the planned follow-ups).
    pub tolerance_median_days: f64,
    /// Spread (log-sd) of that tolerance (log-normal).
    pub tolerance_log_sd: f64,
    /// Cost of a specialist consultation, € (counted in the cost of care).
    pub visit_cost_eur: f64,
    /// Model the demand that does not come through a GP (direct access and
    /// follow-ups): all the places open to bookings, `referral_share_of_places`
    /// no longer applies (on by default, i.e. whenever the second line is; see
    /// [`SecondLine::book_direct_until`]).
    pub direct_access: bool,
    /// Derive the direct requests' rate ([`SpecialistParams::direct_rate`],
    /// on by default): the national demand per inhabitant
    /// ([`SpecialistParams::demand_per_inhabitant_year`]) less the GP
    /// referrals expected per inhabitant. False: the rate is
    /// `direct_requests_per_inhabitant_year` as given.
    pub direct_requests_derived: bool,
    /// Appointment requests per inhabitant per year that do not come through a GP referral, by specialty;
    /// used only when `direct_requests_derived` is false (its default is the derived rate, rounded).
    pub direct_requests_per_inhabitant_year: [f64; SPECIALTIES],
    /// Share of the national requests to a specialty that find no place the
    /// patient accepts, by specialty: national demand per inhabitant = the
    /// national places per inhabitant / (1 − this share)
    /// ([`SpecialistParams::demand_per_inhabitant_year`]). Agendas are full and
    /// the excess gives up at the patients' tolerance.
    pub unmet_share: [f64; SPECIALTIES],
    /// GP consultations that may end in a referral (every kind but
    /// prevention) per inhabitant per year, the model's: the expected GP
    /// referrals per inhabitant subtracted from the national demand to give
    /// the direct requests' rate.
    pub referring_gp_consultations_per_inhabitant_year: f64,
    /// Where a patient looks for a specialist ([`choose_pool`]): the pools of
    /// every density class of the patient's territory, chosen by a logit on
    /// travel and wait, for GP referrals and direct requests alike
    /// ([`SecondLine::book_direct_across`]); false keeps each patient to the
    /// pool of its own zone's class. Travel weighs as for a GP; the wait's
    /// weight is `beta_wait_per_day` (assumption).
    pub pool_choice: bool,
    /// Utility per day of wait for a specialist place in that choice (≤ 0);
    /// travel enters with `choice.beta_travel_per_hour`, as for a GP.
    pub beta_wait_per_day: f64,
    /// Specialists take leave by the GPs' rule and calendar (`gp.weeks_off_per_year`,
    /// `gp.summer_weeks_off`, `gp.christmas_weeks_off`: one block in July–August,
    /// the Christmas week, the rest one block at a week drawn per specialist); a
    /// pool's places on a working day shrink by the share of its specialists away,
    /// keeping their yearly total ([`leave_factors`]). Same figures as the GPs'
    /// (assumption: self-employed doctors' leave; sensitivity: off, or
    /// `gp.summer_weeks_off` 2–4).
    pub leave: bool,
    /// The number of direct requests of a pool on a working day is drawn
    /// (Poisson around inhabitants × rate / 260, stream `specialist_count`)
    /// instead of following the rate exactly ([`day_places`]): independent
    /// requests (assumption; sensitivity: off).
    pub direct_requests_drawn: bool,
    /// Demand that crosses the territory's boundary ([`SpecialistParams::catchment`]):
    /// a pool whose specialists per inhabitant exceed the national mean also
    /// receives the direct requests of patients from outside the territory
    /// (its surplus of places over the national mean), and a territory whose
    /// specialists fall short of it may book in an *outside* pool holding the
    /// missing places, reached at `outside_travel_min` (IRDES, Questions
    /// d'économie de la santé n° 219, 2016: a quarter of specialist
    /// consultations in the patient's commune). Needs `direct_access`; the
    /// outside pool needs `pool_choice` (on by default, i.e. whenever the
    /// second line is).
    pub catchment: bool,
    /// Travel minutes from the territory's inhabitants to the outside pool
    /// (`catchment`), in the choice of a pool (assumption: 40, the long end
    /// of the IRDES trips, 10 % over 40 minutes; range 20–60).
    pub outside_travel_min: f64,
    /// Share of a class's surplus or shortfall of specialists against the
    /// national mean that crosses the territory's boundary ([`SpecialistParams::catchment`]):
    /// 1 makes every territory's places per inhabitant the national mean;
    /// below 1, a town's surplus keeps part of its places for its own
    /// inhabitants and a village's shortfall is only partly made up by the
    /// specialists outside (assumption: 0.7; range 0.5–1). 0 is the same
    /// run as `catchment = false`, byte for byte (a warning says so).
    pub catchment_share: f64,
    /// Share of the requests to a specialty that follow new or worsening
    /// symptoms (*urgent*), by specialty; the specialists keep the same share
    /// of each working day's places for them ([`SecondLine::earliest_for`]).
    /// The other requests (check-ups, follow-ups, renewals) are *routine*
    /// (assumption: 0.25; range 0.15–0.4). Hard limit 0.95 (a value above is
    /// refused): at least 5 % of each working day's places stay routine.
    pub urgent_share: [f64; SPECIALTIES],
    /// Median wait (days) an urgent request accepts (log-normal with
    /// `tolerance_log_sd`); routine requests accept `tolerance_median_days`
    /// (assumption: 14; range 7–30).
    pub urgent_tolerance_median_days: f64,
    /// Share of the routine requests to a specialty that are **planned
    /// follow-ups** ([`SpecialistParams::lead_days`]), by specialty: booked
    /// at the previous visit for a date months ahead (a yearly or
    /// half-yearly check-up), so that they "wait" their lead by design
    /// (assumption: 0.2; range 0.1–0.35). 0: every routine request asks for
    /// the first place.
    pub follow_up_share: [f64; SPECIALTIES],
    /// Range [min, max] (calendar days) of a planned follow-up's lead, drawn
    /// uniformly: the follow-up asks for the first place on or after the
    /// request's day + lead (assumption: 90–330, check-ups every 3 to 11
    /// months; the top keeps the booking within [`MAX_WAIT_DAYS`]).
    pub follow_up_lead_days: [f64; 2],
}

impl Default for SpecialistParams {
    fn default() -> Self {
        SpecialistParams {
            enabled: false,
            referral_per_gp_consultation: [0.012, 0.012, 0.010, 0.006],
            per_100k: split_per_100k(NATIONAL_PER_100K, DENSITY_SPLIT),
            sessions_per_week: 9.0,
            consultations_per_session: [14.0, 12.0, 9.0, 10.0],
            referral_share_of_places: 0.1,
            tolerance_median_days: 160.0,
            tolerance_log_sd: 0.7,
            visit_cost_eur: 50.0,
            direct_access: true,
            direct_requests_derived: true,
            direct_requests_per_inhabitant_year: [0.559, 0.258, 0.278, 0.323],
            unmet_share: [0.06, 0.034, 0.034, 0.034],
            referring_gp_consultations_per_inhabitant_year: 2.75,
            pool_choice: true,
            beta_wait_per_day: -0.05,
            leave: true,
            direct_requests_drawn: true,
            catchment: true,
            outside_travel_min: 40.0,
            catchment_share: 0.7,
            urgent_share: [0.25; SPECIALTIES],
            urgent_tolerance_median_days: 14.0,
            follow_up_share: [0.2; SPECIALTIES],
            follow_up_lead_days: [90.0, 330.0],
        }
    }
}

impl SpecialistParams {
    /// Problems with these values: (field under `parameters.specialists`, what is wrong).
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut check = |field: String, v: f64, lo: f64, hi: f64| {
            if !(v.is_finite() && (lo..=hi).contains(&v)) {
                out.push((field, format!("must be between {lo} and {hi} (got {v})")));
            }
        };
        for (i, v) in self.referral_per_gp_consultation.iter().enumerate() {
            check(format!("referral_per_gp_consultation[{i}]"), *v, 0.0, 1.0);
        }
        let total: f64 = self.referral_per_gp_consultation.iter().sum();
        check("referral_per_gp_consultation (sum)".into(), total, 0.0, 1.0);
        for (i, row) in self.per_100k.iter().enumerate() {
            for (j, v) in row.iter().enumerate() {
                check(format!("per_100k[{i}][{j}]"), *v, 0.0, 1000.0);
            }
        }
        check("sessions_per_week".into(), self.sessions_per_week, 0.0, 14.0);
        for (i, v) in self.consultations_per_session.iter().enumerate() {
            check(format!("consultations_per_session[{i}]"), *v, 0.0, 100.0);
        }
        check("referral_share_of_places".into(), self.referral_share_of_places, 0.0, 1.0);
        check("tolerance_median_days".into(), self.tolerance_median_days, 0.0, f64::from(MAX_WAIT_DAYS));
        check("tolerance_log_sd".into(), self.tolerance_log_sd, 0.0, 3.0);
        check("visit_cost_eur".into(), self.visit_cost_eur, 0.0, 10_000.0);
        for (i, v) in self.direct_requests_per_inhabitant_year.iter().enumerate() {
            check(format!("direct_requests_per_inhabitant_year[{i}]"), *v, 0.0, 20.0);
        }
        for (i, v) in self.unmet_share.iter().enumerate() {
            check(format!("unmet_share[{i}]"), *v, 0.0, 0.95);
        }
        check("referring_gp_consultations_per_inhabitant_year".into(), self.referring_gp_consultations_per_inhabitant_year, 0.0, 50.0);
        check("beta_wait_per_day".into(), self.beta_wait_per_day, -10.0, 0.0);
        check("outside_travel_min".into(), self.outside_travel_min, 0.0, 600.0);
        check("catchment_share".into(), self.catchment_share, 0.0, 1.0);
        for (i, v) in self.urgent_share.iter().enumerate() {
            check(format!("urgent_share[{i}]"), *v, 0.0, 0.95);
        }
        check("urgent_tolerance_median_days".into(), self.urgent_tolerance_median_days, 0.0, f64::from(MAX_WAIT_DAYS));
        for (i, v) in self.follow_up_share.iter().enumerate() {
            check(format!("follow_up_share[{i}]"), *v, 0.0, 0.9);
        }
        let [lo, hi] = self.follow_up_lead_days;
        let top = f64::from(MAX_WAIT_DAYS - 30);
        check("follow_up_lead_days[0]".into(), lo, 0.0, top);
        check("follow_up_lead_days[1]".into(), hi, 0.0, top);
        if lo > hi {
            out.push(("follow_up_lead_days".into(), format!("the minimum ({lo}) must not exceed the maximum ({hi})")));
        }
        if self.urgent_tolerance_median_days == 0.0 {
            out.push((
                "urgent_tolerance_median_days".into(),
                "must be above 0 (got 0): urgent requests that accept no wait are all given up".into(),
            ));
        }
        if self.tolerance_median_days == 0.0 {
            // Nobody would accept any wait: every request given up, no delay to show.
            out.push(("tolerance_median_days".into(), "must be above 0 (got 0): patients who accept no wait give up every request".into()));
        }
        out
    }

    /// Specialists of `s` for `inhabitants` of a density class (possibly
    /// fractional): inhabitants × `per_100k` / 100,000. The one count the
    /// places ([`Self::places_per_day`]) and the leave draws use.
    pub fn specialists(&self, s: Specialty, density: DensityClass, inhabitants: f64) -> f64 {
        inhabitants * self.per_100k[s.index()][density.index()] / 100_000.0
    }

    /// National mean specialists of `s` per 100,000 inhabitants: `per_100k`
    /// weighted by France's population by density class
    /// ([`NATIONAL_POPULATION_SHARE`]).
    pub fn national_per_100k(&self, s: Specialty) -> f64 {
        self.per_100k[s.index()].iter().zip(NATIONAL_POPULATION_SHARE).map(|(x, w)| x * w).sum()
    }

    /// **The demand that crosses the territory's boundary** (`catchment`, the
    /// one rule): the specialists of `s` that `inhabitants` of a density
    /// class have above (> 0) or below (< 0) the national mean,
    /// inhabitants × (`per_100k` − [`Self::national_per_100k`]) / 100,000,
    /// × `catchment_share` (the part of it that crosses the boundary; the
    /// rest of a surplus stays with the class's own inhabitants, the rest of
    /// a shortfall is not made up). The same share on both sides, so
    /// nationally the places and the demand grow alike. A surplus serves patients from outside the territory: the outside
    /// patients are inhabitants × (`per_100k` / national − 1), at the
    /// national demand per inhabitant ([`Self::outside_requests_per_day`]). A
    /// shortfall is specialists practising outside the territory whose
    /// places its inhabitants may book (the outside pool). 0 when `catchment`
    /// or `direct_access` is off.
    pub fn catchment(&self, s: Specialty, density: DensityClass, inhabitants: f64) -> f64 {
        if !(self.catchment && self.direct_access) {
            return 0.0;
        }
        inhabitants * (self.per_100k[s.index()][density.index()] - self.national_per_100k(s)) / 100_000.0 * self.catchment_share
    }

    /// Places a working day of `specialists` specialists of `s` (all their places).
    pub fn places_of(&self, s: Specialty, specialists: f64) -> f64 {
        specialists * self.sessions_per_week / 5.0 * self.consultations_per_session[s.index()]
    }

    /// Places open to referrals per working day for `inhabitants` of a
    /// density class, before any added session: a share
    /// `referral_share_of_places` of the specialists' places, or all of them
    /// when the direct demand is modelled (`direct_access`).
    pub fn places_per_day(&self, s: Specialty, density: DensityClass, inhabitants: f64) -> f64 {
        let share = if self.direct_access { 1.0 } else { self.referral_share_of_places };
        self.places_of(s, self.specialists(s, density, inhabitants)) * share
    }

    /// Direct requests per working day for `inhabitants` (0 when
    /// `direct_access` is off): inhabitants × rate / [`WORKING_DAYS_PER_YEAR`].
    pub fn direct_per_day(&self, s: Specialty, inhabitants: f64) -> f64 {
        if !self.direct_access {
            return 0.0;
        }
        inhabitants * self.direct_rate(s) / WORKING_DAYS_PER_YEAR
    }

    /// National places of `s` per inhabitant per year at the **sourced**
    /// national density ([`NATIONAL_PER_100K`], DREES RPPS 2021) and the
    /// run's sessions and consultations: [`Self::places_of`] ×
    /// [`WORKING_DAYS_PER_YEAR`]. Not the run's `per_100k`: fewer
    /// specialists in a scenario do not make fewer patients.
    pub fn national_places_per_inhabitant_year(&self, s: Specialty) -> f64 {
        self.places_of(s, NATIONAL_PER_100K[s.index()] / 100_000.0) * WORKING_DAYS_PER_YEAR
    }

    /// **National demand per inhabitant per year for `s`** (the one rule of
    /// the demand's level): the national places per inhabitant
    /// ([`Self::national_places_per_inhabitant_year`]) / (1 − `unmet_share`):
    /// real agendas are full, and a share `unmet_share` of the requests finds
    /// no place the patient accepts (DREES ER 1085, 2018). GP referrals and
    /// direct requests together, and the outside patients of
    /// [`Self::outside_requests_per_day`].
    pub fn demand_per_inhabitant_year(&self, s: Specialty) -> f64 {
        if !self.direct_requests_derived {
            return self.direct_requests_per_inhabitant_year[s.index()] + self.expected_referrals_per_inhabitant_year(s);
        }
        self.national_places_per_inhabitant_year(s) / (1.0 - self.unmet_share[s.index()])
    }

    /// GP referrals to `s` expected per inhabitant per year:
    /// `referral_per_gp_consultation` × `referring_gp_consultations_per_inhabitant_year`.
    pub fn expected_referrals_per_inhabitant_year(&self, s: Specialty) -> f64 {
        self.referral_per_gp_consultation[s.index()] * self.referring_gp_consultations_per_inhabitant_year
    }

    /// Direct requests (not through a GP) per inhabitant per year for `s`:
    /// derived (`direct_requests_derived`), the national demand
    /// ([`Self::demand_per_inhabitant_year`]) less the expected GP referrals,
    /// at least 0; else `direct_requests_per_inhabitant_year` as given.
    pub fn direct_rate(&self, s: Specialty) -> f64 {
        if !self.direct_requests_derived {
            return self.direct_requests_per_inhabitant_year[s.index()];
        }
        (self.demand_per_inhabitant_year(s) - self.expected_referrals_per_inhabitant_year(s)).max(0.0)
    }

    /// **Agendas full at the start**: the wait (calendar days) at which a
    /// pool whose demand exceeds its places by the national excess settles,
    /// λ · P(T ≥ W) = c with c / λ = 1 − `unmet_share`: the tolerance's
    /// quantile at `unmet_share` as the draws make it ([`tolerance_days`]:
    /// the logistic approximation of the probit, not Φ⁻¹), rounded down. The
    /// places of the run's first W days are taken by requests made before
    /// it ([`SecondLine::fill_agendas`]), so the run starts at the
    /// equilibrium rather than with empty agendas that take a year and more
    /// to fill. 0 when the excess is not modelled (`direct_access` off or
    /// the rate given, `direct_requests_derived` false).
    ///
    /// Per kind of request, (routine, urgent): the places kept for urgent
    /// requests are their share of the requests ([`SpecialistParams::urgent_share`]),
    /// so each kind is short by the same share and settles at its own
    /// tolerance's quantile ([`SpecialistParams::request_tolerance`]).
    /// The planned follow-ups (`follow_up_share` f) are all booked at their
    /// date, so the routine requests that want the first place are short by
    /// u / (1 − f) of theirs, u = `unmet_share`, and settle at that quantile
    /// (at most 0.999).
    pub fn initial_wait_days(&self, s: Specialty) -> (u32, u32) {
        let u = self.unmet_share[s.index()];
        if !(self.direct_access && self.direct_requests_derived) || u <= 0.0 {
            return (0, 0);
        }
        let routine_short = (u / (1.0 - self.follow_up_share[s.index()])).min(0.999);
        let wait = |urgent: bool, short: f64| self.request_tolerance(urgent, short).floor() as u32;
        (wait(false, routine_short), wait(true, u))
    }

    /// **The follow-ups booked before the run** on day `d` ≥ 1, as a share of
    /// the day's routine places: the follow-ups' share of the routine places,
    /// φ = f / (1 − u) (f = `follow_up_share`, u = `unmet_share`: follow-ups
    /// are f of the routine requests, which outnumber the routine places by
    /// 1 / (1 − u)), at most 1, × the chance that a lead exceeds d,
    /// (max − d) / (max − min) over `follow_up_lead_days` (within [0, 1]):
    /// the requests of the days before the run whose lead reaches day d.
    /// Taken by [`SecondLine::fill_agendas`] beyond the initial wait, so the
    /// run starts with the months ahead partly booked, as in the steady state.
    /// 0 when the agendas start empty ([`Self::initial_wait_days`]).
    pub fn follow_ups_booked_before(&self, s: Specialty, d: u32) -> f64 {
        let (f, u) = (self.follow_up_share[s.index()], self.unmet_share[s.index()]);
        if f <= 0.0 || self.initial_wait_days(s) == (0, 0) {
            return 0.0;
        }
        let [lo, hi] = self.follow_up_lead_days;
        let beyond = if hi > lo { ((hi - f64::from(d)) / (hi - lo)).clamp(0.0, 1.0) } else { f64::from(u8::from(f64::from(d) < hi)) };
        (f / (1.0 - u)).min(1.0) * beyond
    }

    /// **The wait a request accepts** (the one rule, GP referrals and direct
    /// requests alike): [`tolerance_days`] from the uniform `u`, around
    /// `urgent_tolerance_median_days` for an urgent request (new or worsening
    /// symptoms), `tolerance_median_days` for a routine one, log-sd
    /// `tolerance_log_sd` for both.
    pub fn request_tolerance(&self, urgent: bool, u: f64) -> f64 {
        let median = if urgent { self.urgent_tolerance_median_days } else { self.tolerance_median_days };
        tolerance_days(median, self.tolerance_log_sd, u)
    }

    /// Whether a request of `s` is urgent, from its uniform `u`: u < `urgent_share`.
    pub fn is_urgent(&self, s: Specialty, u: f64) -> bool {
        u < self.urgent_share[s.index()]
    }

    /// **The lead of a request** (the one rule, GP referrals and direct
    /// requests alike), calendar days: 0 for an urgent request or a routine
    /// one asking for the first place; for a planned follow-up (a routine
    /// request with `u_follow` < `follow_up_share`), ⌊min + `u_lead` × (max − min)⌋
    /// over `follow_up_lead_days`. The request takes the first place open to
    /// it on or after its day + lead ([`SecondLine::earliest_after`]); its
    /// delay counts from its day (as DREES's survey counts from the request),
    /// and it accepts its lead + its tolerance.
    pub fn lead_days(&self, s: Specialty, urgent: bool, u_follow: f64, u_lead: f64) -> u32 {
        if urgent || u_follow >= self.follow_up_share[s.index()] {
            return 0;
        }
        let [lo, hi] = self.follow_up_lead_days;
        (lo + u_lead * (hi - lo)).floor() as u32
    }

    /// Outside direct requests a working day for the `inhabitants` of a
    /// density class whose specialists exceed the national mean
    /// ([`Self::catchment`] e > 0): the e · 100,000 / m̄ outside inhabitants
    /// those specialists serve at the national mean m̄
    /// ([`Self::national_per_100k`]), at the national demand per inhabitant
    /// ([`Self::demand_per_inhabitant_year`]; their GP referrals are not
    /// simulated, so all come as direct requests). 0 without a surplus.
    pub fn outside_requests_per_day(&self, s: Specialty, density: DensityClass, inhabitants: f64) -> f64 {
        let e = self.catchment(s, density, inhabitants);
        let mean = self.national_per_100k(s);
        if e <= 0.0 || mean <= 0.0 {
            return 0.0;
        }
        e * 100_000.0 / mean * self.demand_per_inhabitant_year(s) / WORKING_DAYS_PER_YEAR
    }
}

/// The wait (days) a referred patient accepts: log-normal with median
/// `median` and log-sd `sd`, from a uniform `u` through the logistic
/// approximation of the probit, z ≈ ln(u / (1 − u)) / 1.702 (the logistic
/// CDF at 1.702·z stays within 0.01 of the normal one), capped at
/// [`MAX_WAIT_DAYS`].
pub fn tolerance_days(median: f64, sd: f64, u: f64) -> f64 {
    let u = u.clamp(1e-9, 1.0 - 1e-9);
    let z = (u / (1.0 - u)).ln() / 1.702;
    (median * (sd * z).exp()).min(f64::from(MAX_WAIT_DAYS))
}

/// National specialists per 100,000 inhabitants, by specialty (DREES, RPPS
/// 2021, all modes of practice, rounded: ophthalmology 8.5, dermatology 5,
/// cardiology 7, gynaecology 7): the mean `per_100k`'s default keeps, and the
/// density from which the national demand is derived.
pub const NATIONAL_PER_100K: [f64; SPECIALTIES] = [8.5, 5.0, 7.0, 7.0];

/// Relative density of specialists by density class (dense urban,
/// intermediate, rural, isolated): ×1.5, ×1, ×0.5, ×0.3 (assumption; range:
/// rural ×0.3–×0.8), normalised by [`split_per_100k`].
pub const DENSITY_SPLIT: [f64; 4] = [1.5, 1.0, 0.5, 0.3];

/// Specialists per 100,000 inhabitants by specialty × density class: the
/// national mean of each specialty split by density class in the
/// proportions `split`, normalised so that the mean weighted by France's
/// population by class ([`NATIONAL_POPULATION_SHARE`]) is `national`:
/// national[s] × split[c] / Σ_k π_k split[k]. The split only moves places
/// between classes; it creates none.
pub fn split_per_100k(national: [f64; SPECIALTIES], split: [f64; 4]) -> [[f64; 4]; SPECIALTIES] {
    let mean: f64 = split.iter().zip(NATIONAL_POPULATION_SHARE).map(|(x, w)| x * w).sum();
    std::array::from_fn(|s| std::array::from_fn(|c| if mean > 0.0 { national[s] * split[c] / mean } else { 0.0 }))
}

/// A specialist pool a referred patient may turn to: the pool (index as
/// [`SecondLine::pool`]), the travel to it (minutes to the nearest zone of the
/// pool's density class in the patient's territory) and its wait (days from
/// the referral to its first free place).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PoolOption {
    pub pool: usize,
    pub travel_min: f64,
    pub wait_days: u32,
}

/// Utility of a pool in the patient's choice: `beta_travel_per_hour` × travel
/// hours + `beta_wait_per_day` × wait days (the GP choice's form, `model::choice`).
pub fn pool_utility(o: &PoolOption, beta_travel_per_hour: f64, beta_wait_per_day: f64) -> f64 {
    beta_travel_per_hour * o.travel_min / 60.0 + beta_wait_per_day * f64::from(o.wait_days)
}

/// **Where a referred patient looks for a specialist** (the one rule): among
/// the pools whose wait is within the patient's tolerance, one drawn with the
/// uniform `u` by a logit on [`pool_utility`]; `None` (the referral is given
/// up) when no pool has a place within the tolerance.
pub fn choose_pool(
    options: &[PoolOption],
    tolerance_days: f64,
    beta_travel_per_hour: f64,
    beta_wait_per_day: f64,
    u: f64,
) -> Option<PoolOption> {
    let within: Vec<PoolOption> = options.iter().copied().filter(|o| f64::from(o.wait_days) <= tolerance_days).collect();
    let utilities: Vec<f64> = within.iter().map(|o| pool_utility(o, beta_travel_per_hour, beta_wait_per_day)).collect();
    super::choice::pick(&utilities, u).map(|i| within[i])
}

/// France's population by density class of its communes (dense urban,
/// intermediate, rural, isolated): 25.3 M, 20.9 M, 20.2 M, 1.7 M of 68.1 M
/// (INSEE grille communale de densité, communes 2026 list; the proportions
/// of the validation scenario france-mix).
pub const NATIONAL_POPULATION_SHARE: [f64; 4] = [25.3 / 68.1, 20.9 / 68.1, 20.2 / 68.1, 1.7 / 68.1];

/// Working days a year on which direct requests are made (52 weeks × 5).
pub const WORKING_DAYS_PER_YEAR: f64 = 260.0;

/// Working days (Monday–Friday) before `day` (day 0 is a Monday).
pub fn working_days_before(day: u32) -> u64 {
    u64::from(day / 7) * 5 + u64::from((day % 7).min(5))
}

/// Places of working day `day` at a rate of `per_day` places a working day:
/// ⌊(w + 1)·r⌋ − ⌊w·r⌋ with w the day's working-day index, so that any run of
/// working days holds the rate's total within one place; 0 on weekends.
pub fn day_places(day: u32, per_day: f64) -> u32 {
    if day % 7 >= 5 || per_day <= 0.0 {
        return 0;
    }
    let w = working_days_before(day) as f64;
    ((w + 1.0) * per_day).floor() as u32 - (w * per_day).floor() as u32
}

/// Days of the leave cycle: the leave rule (`SeasonalLeave::away`) repeats every 52 weeks.
pub const LEAVE_CYCLE_DAYS: usize = 364;

/// Factors of a pool's places over the leave cycle, from `away[d]`, the
/// number of its `n` specialists away on day d of the cycle: on day d,
/// (1 − away[d] / n) / (1 − ā), ā the mean share away over the cycle's
/// working days (d mod 7 < 5; the cycle starts on a Monday). The places'
/// yearly total is kept — `sessions_per_week` is the yearly average the
/// direct demand was derived from — and moved away from the weeks of leave.
/// Empty (no change) when n = 0 or nobody is ever away; all 0 when everybody
/// always is.
pub fn leave_factors(away: &[u32], n: u32) -> Vec<f32> {
    if n == 0 || away.iter().all(|&a| a == 0) {
        return Vec::new();
    }
    let share = |d: usize| f64::from(away[d].min(n)) / f64::from(n);
    let working: Vec<usize> = (0..away.len()).filter(|d| d % 7 < 5).collect();
    let mean = working.iter().map(|&d| share(d)).sum::<f64>() / working.len() as f64;
    if mean >= 1.0 {
        return vec![0.0; away.len()];
    }
    (0..away.len()).map(|d| ((1.0 - share(d)) / (1.0 - mean)) as f32).collect()
}

/// Sessions added by a policy while it is active: its schedule in days
/// [start, end) and the places per working day it adds to each pool.
#[derive(Clone, Debug)]
pub struct AddedPlaces {
    pub start_day: u32,
    pub end_day: u32,
    /// Per pool (index as [`SecondLine::pool`]), places per working day.
    pub per_pool: Vec<f64>,
}

/// One pool's bookings: a ring of (day, places taken) and the first day that may be free.
#[derive(Clone, Debug)]
struct Pool {
    base_per_day: f64,
    taken: Vec<(u32, u32)>,
    /// The first day that may have a place for a routine request, and for an urgent one.
    cursor: u32,
    cursor_urgent: u32,
    /// Direct requests per working day, and the first day whose direct requests are not yet booked.
    direct_per_day: f64,
    direct_until: u32,
    /// The part of `direct_per_day` made by the territory's own inhabitants
    /// (the rest: outside patients of a surplus, `catchment`).
    own_direct_per_day: f64,
    /// Per day of the 364-day leave cycle, the factor of the places
    /// ([`leave_factors`]); empty: no leave.
    leave_factor: Vec<f32>,
}

/// The specialists of a run: one pool per territory × density class × specialty.
#[derive(Clone, Debug)]
pub struct SecondLine {
    pools: Vec<Pool>,
    added: Vec<AddedPlaces>,
    /// Per zone, per density class: travel minutes to the nearest zone of
    /// that class in the zone's territory (None: no such zone); empty when
    /// `pool_choice` is off.
    class_travel: Vec<[Option<f32>; 4]>,
    /// Per territory, travel minutes from the inhabitants of a density class
    /// (rows) to the specialists of another (columns), for the direct requests'
    /// choice (`pool_choice`); empty when it is off.
    class_to_class: Vec<[[Option<f32>; 4]; 4]>,
    /// Key of the stream `specialist_count` when the direct requests' daily
    /// number is drawn (`direct_requests_drawn`).
    count_key: Option<u64>,
    /// Territories of the run (the outside pools follow the 4 × territories classes' pools).
    territories: usize,
    /// Travel minutes to the outside pools (`outside_travel_min`), None when
    /// patients do not look beyond their class's pool (`pool_choice` off).
    outside_travel: Option<f32>,
    /// The direct requests booked since the last [`SecondLine::take_direct_booked`].
    direct_booked: Vec<DirectBooking>,
    /// Per specialty, the share of each working day's places kept for urgent
    /// requests (`urgent_share`, [`SecondLine::kept`]).
    kept_share: [f64; SPECIALTIES],
}

/// A direct request that took a place: the pool whose request it was (its
/// territory and density class: whose inhabitants or outside patients made
/// it, whichever pool it booked in), its day and its index among that day's
/// requests of the pool — the key of its draws (stream `specialist_direct`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DirectBooking {
    pub pool: usize,
    pub day: u32,
    pub index: u32,
}

impl SecondLine {
    /// Pools from the inhabitants of each territory × density class
    /// (`inhabitants[t * 4 + density]`).
    /// The outside pools (`catchment`) follow, one per territory ×
    /// specialty ([`SecondLine::outside`]): the places of the specialists
    /// the territory's classes lack against the national mean
    /// ([`SpecialistParams::catchment`]), no direct requests of their own;
    /// a class's surplus adds its places to the pool's direct requests.
    pub fn new(p: &SpecialistParams, inhabitants: &[f64]) -> Self {
        let territories = inhabitants.len().div_ceil(4);
        let pool = |base_per_day: f64, own_direct_per_day: f64, outside_per_day: f64| Pool {
            base_per_day,
            taken: vec![(u32::MAX, 0); DELAY_BINS + 1],
            cursor: 0,
            cursor_urgent: 0,
            direct_per_day: own_direct_per_day + outside_per_day,
            direct_until: 0,
            own_direct_per_day,
            leave_factor: Vec::new(),
        };
        let mut pools = Vec::with_capacity(territories * 5 * SPECIALTIES);
        for (i, &n) in inhabitants.iter().enumerate() {
            for s in Specialty::ALL {
                let c = DensityClass::ALL[i % 4];
                pools.push(pool(p.places_per_day(s, c, n), p.direct_per_day(s, n), p.outside_requests_per_day(s, c, n)));
            }
        }
        pools.resize_with(territories * 4 * SPECIALTIES, || pool(0.0, 0.0, 0.0));
        for t in 0..territories {
            for s in Specialty::ALL {
                pools.push(pool(
                    p.places_of(s, Self::outside_specialists(p, &inhabitants[t * 4..(t * 4 + 4).min(inhabitants.len())], s)),
                    0.0,
                    0.0,
                ));
            }
        }
        let outside_travel = (p.pool_choice && p.outside_travel_min.is_finite()).then_some(p.outside_travel_min as f32);
        SecondLine {
            pools,
            added: Vec::new(),
            class_travel: Vec::new(),
            class_to_class: Vec::new(),
            count_key: None,
            territories,
            outside_travel,
            direct_booked: Vec::new(),
            kept_share: p.urgent_share,
        }
    }

    /// The share of pool `k`'s direct requests made by its territory's own
    /// inhabitants: own rate / (own + outside patients' rate); 1 without a
    /// surplus (`catchment`), 0 for a pool without direct requests.
    pub fn inhabitants_share(&self, k: usize) -> f64 {
        let pool = &self.pools[k];
        if pool.direct_per_day <= 0.0 {
            return 0.0;
        }
        pool.own_direct_per_day / pool.direct_per_day
    }

    /// The direct requests booked since the last call (in booking order), for
    /// their cost (`world::second_line`).
    pub fn take_direct_booked(&mut self) -> Vec<DirectBooking> {
        std::mem::take(&mut self.direct_booked)
    }

    /// Specialists of `s` of a territory's outside pool, from the
    /// inhabitants of its density classes: the sum of their shortfalls
    /// against the national mean ([`SpecialistParams::catchment`] < 0).
    pub fn outside_specialists(p: &SpecialistParams, inhabitants: &[f64], s: Specialty) -> f64 {
        inhabitants.iter().enumerate().map(|(c, &n)| (-p.catchment(s, DensityClass::ALL[c], n)).max(0.0)).sum()
    }

    /// The outside pool of territory `t` and specialty `s` (`catchment`).
    pub fn outside(&self, t: u16, s: Specialty) -> usize {
        (self.territories * 4 + usize::from(t)) * SPECIALTIES + s.index()
    }

    /// The outside pool of territory `t` and `s` with its travel minutes,
    /// when the patients may look there (`pool_choice`) and it has places.
    pub fn outside_option(&self, t: u16, s: Specialty) -> Option<(usize, f32)> {
        let k = self.outside(t, s);
        let travel = self.outside_travel?;
        (self.pools.get(k)?.base_per_day > 0.0).then_some((k, travel))
    }

    /// Sets the leave factors of pool `k` ([`leave_factors`]).
    pub fn set_leave(&mut self, k: usize, factors: Vec<f32>) {
        self.pools[k].leave_factor = factors;
    }

    /// Draws the daily number of direct requests from the stream with this key.
    pub fn draw_direct_counts(&mut self, key: u64) {
        self.count_key = Some(key);
    }

    /// Sets, per territory, the travel minutes between density classes for
    /// the direct requests' choice of a pool.
    pub fn set_class_to_class(&mut self, per_territory: Vec<[[Option<f32>; 4]; 4]>) {
        self.class_to_class = per_territory;
    }

    /// Sets, per zone, the travel minutes to the nearest zone of each density
    /// class of its territory (see [`SecondLine::class_travel`]).
    pub fn set_class_travel(&mut self, per_zone: Vec<[Option<f32>; 4]>) {
        self.class_travel = per_zone;
    }

    /// Travel minutes from `zone` to the nearest zone of each density class of
    /// its territory (all None when `pool_choice` is off).
    pub fn class_travel(&self, zone: u32) -> [Option<f32>; 4] {
        self.class_travel.get(zone as usize).copied().unwrap_or([None; 4])
    }

    /// The pool of territory `t`, density class `d`, specialty `s`.
    pub fn pool(t: u16, d: DensityClass, s: Specialty) -> usize {
        (usize::from(t) * 4 + d.index()) * SPECIALTIES + s.index()
    }

    /// The territory × density class (`territory × 4 + class`) of a class's
    /// pool `k` (as built by [`SecondLine::pool`]).
    pub fn class_of(k: usize) -> usize {
        k / SPECIALTIES
    }

    pub fn pools(&self) -> usize {
        self.pools.len()
    }

    /// Adds the places of a policy's sessions (while it is active).
    pub fn add_places(&mut self, a: AddedPlaces) {
        self.added.push(a);
    }

    /// Places of pool `k` a working day around `day` (before rounding to the day's count).
    fn rate(&self, k: usize, day: u32) -> f64 {
        let extra: f64 = self.added.iter().filter(|a| (a.start_day..a.end_day).contains(&day)).map(|a| a.per_pool[k]).sum();
        let pool = &self.pools[k];
        let base = match pool.leave_factor.get(day as usize % LEAVE_CYCLE_DAYS) {
            Some(&f) => pool.base_per_day * f64::from(f),
            None => pool.base_per_day,
        };
        base + extra
    }

    /// Places of pool `k` on `day`.
    pub fn capacity(&self, k: usize, day: u32) -> u32 {
        day_places(day, self.rate(k, day))
    }

    /// Of those, the places kept for urgent requests: [`day_places`] at the
    /// rate × the specialty's `urgent_share` (so that any run of working days
    /// keeps that share within one place), at most the day's places.
    pub fn kept(&self, k: usize, day: u32) -> u32 {
        let share = self.kept_share[k % SPECIALTIES];
        if share <= 0.0 {
            return 0;
        }
        day_places(day, self.rate(k, day) * share).min(self.capacity(k, day))
    }

    /// The places of pool `k` on `day` a request may take: all of them for an
    /// urgent request, all but those kept for urgent ones for a routine request.
    fn open_to(&self, k: usize, day: u32, urgent: bool) -> u32 {
        let all = self.capacity(k, day);
        if urgent {
            all
        } else {
            all - self.kept(k, day)
        }
    }

    /// Direct requests of pool `k` on working day `day`: drawn (Poisson,
    /// keyed by pool and day) when `direct_requests_drawn`, else the rate's
    /// share of the day ([`day_places`]); 0 on weekends.
    pub fn direct_count(&self, k: usize, day: u32) -> u32 {
        let mean = self.pools[k].direct_per_day;
        match self.count_key {
            Some(key) if day % 7 < 5 && mean > 0.0 => {
                let mut rng = crate::engine::RandomStreams::entity(key, ((k as u64) << 32) | u64::from(day));
                rand_distr::Poisson::new(mean).map_or(0, |d| rand_distr::Distribution::sample(&d, &mut rng) as u32)
            }
            _ => day_places(day, mean),
        }
    }

    fn taken(&self, k: usize, day: u32) -> u32 {
        let pool = &self.pools[k];
        let e = pool.taken[day as usize % pool.taken.len()];
        if e.0 == day {
            e.1
        } else {
            0
        }
    }

    /// The first day after `today` with a free place in pool `k` for a
    /// routine request ([`SecondLine::earliest_for`]).
    pub fn earliest(&mut self, k: usize, today: u32) -> Option<u32> {
        self.earliest_for(k, today, false)
    }

    /// **The booking rule** (one for every request): the first day after
    /// `today` whose places open to the request ([`SecondLine::open_to`]:
    /// every place for an urgent request, those not kept for urgent ones for
    /// a routine request) are not all taken, if within [`MAX_WAIT_DAYS`]. A
    /// day's places are counted together, so an urgent request booked on a
    /// day whose kept places are all taken takes one of its routine places.
    /// Days only fill and `today` never goes back, so each kind's cursor
    /// only moves forward.
    pub fn earliest_for(&mut self, k: usize, today: u32, urgent: bool) -> Option<u32> {
        self.earliest_after(k, today, urgent, 0)
    }

    /// The booking rule for a request with a lead (a planned follow-up,
    /// [`SpecialistParams::lead_days`]): the first day on or after
    /// `today` + `lead` (after `today` when `lead` is 0) with a place open to
    /// it, if within [`MAX_WAIT_DAYS`] of `today`. The kind's cursor moves only
    /// when the search started at it (the days before the target may still
    /// hold places for the requests that want the first one).
    pub fn earliest_after(&mut self, k: usize, today: u32, urgent: bool, lead: u32) -> Option<u32> {
        let cursor = if urgent { self.pools[k].cursor_urgent } else { self.pools[k].cursor };
        let start = cursor.max(today + 1);
        let target = today + lead.max(1);
        let mut day = start.max(target);
        let found = loop {
            if day > today + MAX_WAIT_DAYS {
                break None;
            }
            if self.taken(k, day) < self.open_to(k, day, urgent) {
                break Some(day);
            }
            day += 1;
        };
        if start >= target {
            let pool = &mut self.pools[k];
            *(if urgent { &mut pool.cursor_urgent } else { &mut pool.cursor }) = day;
        }
        found
    }

    /// Takes the routine places of days 1 ..= `routine_days` and the places
    /// kept for urgent requests of days 1 ..= `urgent_days` in the pools of
    /// specialty `s` (the territories' classes and outside pools), as booked
    /// before the run ([`SpecialistParams::initial_wait_days`]).
    /// Beyond `routine_days`, a share `follow_ups(d)` of day d's routine
    /// places (rounded to the nearest place) is taken by the planned
    /// follow-ups booked before the run ([`SpecialistParams::follow_ups_booked_before`]).
    pub fn fill_agendas(&mut self, s: Specialty, (routine_days, urgent_days): (u32, u32), follow_ups: impl Fn(u32) -> f64) {
        for k in (0..self.pools.len()).filter(|k| k % SPECIALTIES == s.index()) {
            for d in 1..=MAX_WAIT_DAYS {
                let kept = self.kept(k, d);
                let routine = self.capacity(k, d) - kept;
                let ahead = if d > routine_days { (f64::from(routine) * follow_ups(d)).round() as u32 } else { 0 };
                let n = if d <= routine_days { routine } else { ahead } + if d <= urgent_days { kept } else { 0 };
                if n == 0 {
                    continue;
                }
                let pool = &mut self.pools[k];
                let len = pool.taken.len();
                pool.taken[d as usize % len] = (d, n);
            }
        }
    }

    /// Takes a place of pool `k` on `day` (found by [`SecondLine::earliest`]).
    pub fn book(&mut self, k: usize, day: u32) {
        let pool = &mut self.pools[k];
        let n = pool.taken.len();
        let e = &mut pool.taken[day as usize % n];
        if e.0 != day {
            *e = (day, 0);
        }
        e.1 += 1;
    }
}

impl SecondLine {
    /// Books the direct requests of pool `k` made on the days before `today`
    /// not yet booked, day by day in order: working day d brings
    /// [`day_places`]`(d, direct_per_day)` requests; each takes the first free
    /// place open to it after d ([`SecondLine::earliest_for`]) if the wait is
    /// within its tolerance (`request(d, i)` = (tolerance days, urgent) for
    /// the i-th request of day d), else it is given up and takes no place.
    /// Called before a referral to pool `k` is booked, so that the referral
    /// finds the places the direct demand has taken. Returns (booked, given up); each
    /// booking is kept ([`DirectBooking`], [`SecondLine::take_direct_booked`]) for its cost.
    pub fn book_direct_until(&mut self, k: usize, today: u32, mut request: impl FnMut(u32, u32) -> (f64, bool, u32)) -> (u64, u64) {
        let (mut booked, mut forgone) = (0, 0);
        let per_day = self.pools[k].direct_per_day;
        let from = self.pools[k].direct_until;
        if per_day <= 0.0 || from >= today {
            return (0, 0);
        }
        for d in from..today {
            for i in 0..self.direct_count(k, d) {
                let (tolerance, urgent, lead) = request(d, i);
                match self.earliest_after(k, d, urgent, lead) {
                    Some(day) if f64::from(day - d) <= f64::from(lead) + tolerance => {
                        self.book(k, day);
                        self.direct_booked.push(DirectBooking { pool: k, day: d, index: i });
                        booked += 1;
                    }
                    _ => forgone += 1,
                }
            }
        }
        self.pools[k].direct_until = today;
        (booked, forgone)
    }
}

impl SecondLine {
    /// Books the direct requests of the four pools (density classes) of
    /// territory `t` and specialty `s` made on the days before `today` and
    /// not yet booked, day by day in order, each choosing its pool among the
    /// four by [`choose_pool`] (the referrals' rule, `betas` = (travel per
    /// hour, wait per day)) with the travel from its own class's inhabitants
    /// ([`SecondLine::set_class_to_class`]), or the territory's outside
    /// pool ([`SecondLine::outside_option`]); a day's requests of the four
    /// classes in turn (one of each class, then the next), so that no class
    /// books the day's places first. `draw(k, d, i)` gives the tolerance
    /// (days), the choice's uniform and whether it is urgent of the i-th
    /// request of pool k on day d.
    /// Called before a referral looks at these pools (`pool_choice`), so that
    /// it finds the places the direct demand has taken. Returns (booked, given up); each
    /// booking is kept ([`DirectBooking`], [`SecondLine::take_direct_booked`]) for its cost.
    pub fn book_direct_across(
        &mut self,
        t: u16,
        s: Specialty,
        today: u32,
        betas: (f64, f64),
        mut draw: impl FnMut(usize, u32, u32) -> (f64, f64, bool, u32),
    ) -> (u64, u64) {
        let ks: [usize; 4] = std::array::from_fn(|c| Self::pool(t, DensityClass::ALL[c], s));
        let from = ks.iter().map(|&k| self.pools[k].direct_until).min().unwrap_or(today);
        let travel = self.class_to_class.get(usize::from(t)).copied().unwrap_or([[None; 4]; 4]);
        // Per class, the pools its requests look to: the territory's four, then the outside pool.
        // (An absent outside pool has no travel, so it is never looked at.)
        let outside = self.outside_option(t, s).map_or((0, None), |(k, m)| (k, Some(m)));
        let looked: [[(usize, Option<f32>); 5]; 4] =
            std::array::from_fn(|c| [(ks[0], travel[c][0]), (ks[1], travel[c][1]), (ks[2], travel[c][2]), (ks[3], travel[c][3]), outside]);
        let (mut booked, mut forgone) = (0, 0);
        for d in from..today {
            let counts: [u32; 4] =
                std::array::from_fn(|c| if self.pools[ks[c]].direct_until <= d { self.direct_count(ks[c], d) } else { 0 });
            for i in 0..counts.iter().copied().max().unwrap_or(0) {
                for c in (0..4).filter(|&c| i < counts[c]) {
                    let (tolerance, u, urgent, lead) = draw(ks[c], d, i);
                    let options = self.options_on(&looked[c], d, urgent, lead);
                    match choose_pool(&options, f64::from(lead) + tolerance, betas.0, betas.1, u) {
                        Some(o) => {
                            self.book(o.pool, d + o.wait_days);
                            self.direct_booked.push(DirectBooking { pool: ks[c], day: d, index: i });
                            booked += 1;
                        }
                        None => forgone += 1,
                    }
                }
            }
        }
        for k in ks {
            self.pools[k].direct_until = self.pools[k].direct_until.max(today);
        }
        (booked, forgone)
    }

    /// The pools of `looked` reachable (travel not None) with a place open to
    /// the request (`urgent` or routine) after `day`.
    fn options_on(&mut self, looked: &[(usize, Option<f32>)], day: u32, urgent: bool, lead: u32) -> Vec<PoolOption> {
        let mut out = Vec::with_capacity(looked.len());
        for (k, m) in looked.iter().copied() {
            if let (Some(m), Some(free)) = (m, m.and_then(|_| self.earliest_after(k, day, urgent, lead))) {
                out.push(PoolOption { pool: k, travel_min: f64::from(m), wait_days: free - day });
            }
        }
        out
    }
}

/// What the second line recorded for one breakdown cell (referrals of the window).
#[derive(Clone, Debug, Default)]
pub struct SecondLineCell {
    /// Referrals made, by specialty.
    pub referrals: [u64; SPECIALTIES],
    /// Referrals answered by telexpertise, by specialty.
    pub telexpertise: [u64; SPECIALTIES],
    /// Referrals given up (no place within the tolerance), by specialty.
    pub forgone: [u64; SPECIALTIES],
    /// Visits booked with the specialists of another density class than the
    /// patient's zone (`pool_choice`), by specialty.
    pub elsewhere: [u64; SPECIALTIES],
    /// Calendar days from referral to advice, `DELAY_BINS` bins per specialty
    /// (urgent and routine requests together).
    pub delay_days: Vec<u32>,
    /// Of those, the urgent requests' (`urgent_share`), same bins; the
    /// routine ones' are the difference ([`SecondLineCell::routine_delays`]).
    pub urgent_delay_days: Vec<u32>,
}

impl SecondLineCell {
    /// The delay histogram of specialty `s` (empty before any advice).
    pub fn delays(&self, s: usize) -> &[u32] {
        self.delay_days.get(s * DELAY_BINS..(s + 1) * DELAY_BINS).unwrap_or(&[])
    }

    /// The delay histogram of the urgent requests to specialty `s` (empty before any urgent advice).
    pub fn urgent_delays(&self, s: usize) -> &[u32] {
        self.urgent_delay_days.get(s * DELAY_BINS..(s + 1) * DELAY_BINS).unwrap_or(&[])
    }

    /// The delay histogram of the routine requests to specialty `s`: all
    /// requests' less the urgent ones' (empty before any advice).
    pub fn routine_delays(&self, s: usize) -> Vec<u32> {
        let urgent = self.urgent_delays(s);
        self.delays(s).iter().enumerate().map(|(i, n)| n - urgent.get(i).copied().unwrap_or(0)).collect()
    }

    /// **The one place a referral's delay is recorded**: `days` from referral
    /// to advice (visit or telexpertise answer) to specialty `s`, in the
    /// histogram of all requests and, when `urgent`, in the urgent requests' one.
    pub fn advice(&mut self, s: usize, days: u32, urgent: bool) {
        let bin = s * DELAY_BINS + (days as usize).min(DELAY_BINS - 1);
        if self.delay_days.is_empty() {
            self.delay_days = vec![0; SPECIALTIES * DELAY_BINS];
        }
        self.delay_days[bin] += 1;
        if urgent {
            if self.urgent_delay_days.is_empty() {
                self.urgent_delay_days = vec![0; SPECIALTIES * DELAY_BINS];
            }
            self.urgent_delay_days[bin] += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The defaults with every place open to every request (no urgent share)
    /// and the whole surplus or shortfall crossing the boundary
    /// (`catchment_share` 1): the rules the tests below pin, one at a time.
    fn base() -> SpecialistParams {
        SpecialistParams {
            urgent_share: [0.0; SPECIALTIES],
            catchment_share: 1.0,
            follow_up_share: [0.0; SPECIALTIES],
            ..SpecialistParams::default()
        }
    }

    #[test]
    fn working_days_and_places_follow_the_rate() {
        // Day 0 is a Monday: days 0–4 are working days, 5–6 the weekend.
        assert_eq!(working_days_before(7), 5);
        assert_eq!(working_days_before(9), 7);
        // 0.4 places a working day: 2 places over 5 working days (hand count: ⌊0.4⌋, ⌊0.8⌋, ⌊1.2⌋, ⌊1.6⌋, ⌊2.0⌋).
        let week: Vec<u32> = (0..7).map(|d| day_places(d, 0.4)).collect();
        assert_eq!(week, vec![0, 0, 1, 0, 1, 0, 0]);
        assert_eq!((0..700).map(|d| day_places(d, 2.5)).sum::<u32>(), 500 * 5 / 2);
    }

    #[test]
    fn capacity_follows_inhabitants_density_and_sessions() {
        // Ophthalmology, dense urban, 100,000 inhabitants: 13 specialists × 9 sessions / 5 × 14 × 0.1 = 32.76
        // with the fixed referral share (no direct demand); all 327.6 places with the direct demand.
        let on = SpecialistParams {
            per_100k: [[13.0, 8.5, 4.5, 2.5], [8.0, 5.0, 2.5, 1.5], [11.0, 7.0, 3.5, 2.0], [11.0, 7.0, 3.5, 2.0]],
            direct_requests_derived: false,
            direct_requests_per_inhabitant_year: [0.5, 0.23, 0.25, 0.3],
            ..base()
        };
        let x = on.places_per_day(Specialty::Ophthalmology, DensityClass::DenseUrban, 100_000.0);
        assert!((x - 327.6).abs() < 1e-9, "{x}");
        // Direct requests: 100,000 × 0.5 / 260 = 192.3 a working day.
        assert!((on.direct_per_day(Specialty::Ophthalmology, 100_000.0) - 50_000.0 / 260.0).abs() < 1e-9);
        let p = SpecialistParams { direct_access: false, ..on.clone() };
        let x = p.places_per_day(Specialty::Ophthalmology, DensityClass::DenseUrban, 100_000.0);
        assert!((x - 32.76).abs() < 1e-9, "{x}");
        // Rural: 4.5 instead of 13 → 11.34.
        let r = p.places_per_day(Specialty::Ophthalmology, DensityClass::Rural, 100_000.0);
        assert!((r - 11.34).abs() < 1e-9, "{r}");
    }

    #[test]
    fn a_full_pool_pushes_the_next_referral_to_the_next_working_day() {
        // One place a working day: referrals on Monday (day 0) get Tuesday,
        // Wednesday, Thursday, Friday, then the next Monday (day 7).
        let p = SpecialistParams {
            per_100k: [[1.0; 4]; SPECIALTIES],
            sessions_per_week: 5.0,
            consultations_per_session: [1.0; SPECIALTIES],
            referral_share_of_places: 1.0,
            ..base()
        };
        let mut sl = SecondLine::new(&p, &[100_000.0]);
        let k = SecondLine::pool(0, DensityClass::DenseUrban, Specialty::Cardiology);
        let days: Vec<u32> = (0..5)
            .map(|_| {
                let d = sl.earliest(k, 0).unwrap();
                sl.book(k, d);
                d
            })
            .collect();
        assert_eq!(days, vec![1, 2, 3, 4, 7]);
        // Added sessions from day 8 on (one more place a day): day 8 holds two.
        sl.add_places(AddedPlaces { start_day: 8, end_day: u32::MAX, per_pool: vec![1.0; sl.pools()] });
        let more: Vec<u32> = (0..3)
            .map(|_| {
                let d = sl.earliest(k, 7).unwrap();
                sl.book(k, d);
                d
            })
            .collect();
        assert_eq!(more, vec![8, 8, 9]);
    }

    #[test]
    fn direct_requests_take_places_before_the_referral_and_give_up_beyond_their_tolerance() {
        // One place a working day (days 1–4, 7–11, 14, … from a Monday), two
        // direct requests a working day (Monday–Friday, days 0–4).
        let p = SpecialistParams {
            per_100k: [[1.0; 4]; SPECIALTIES],
            sessions_per_week: 5.0,
            consultations_per_session: [1.0; SPECIALTIES],
            direct_access: true,
            direct_requests_derived: false,
            direct_requests_per_inhabitant_year: [2.0 * WORKING_DAYS_PER_YEAR / 100_000.0; SPECIALTIES],
            ..base()
        };
        assert!((p.places_per_day(Specialty::Dermatology, DensityClass::DenseUrban, 100_000.0) - 1.0).abs() < 1e-12);
        let k = SecondLine::pool(0, DensityClass::DenseUrban, Specialty::Dermatology);
        // Unlimited patience: the 10 requests of days 0–4 take days 1, 2, 3, 4, 7, 8, 9, 10, 11, 14;
        // a referral on Saturday (day 5) gets the next free place, day 15.
        let mut sl = SecondLine::new(&p, &[100_000.0]);
        assert_eq!(sl.book_direct_until(k, 5, |_, _| (1e9, false, 0)), (10, 0));
        assert_eq!(sl.earliest(k, 5), Some(15));
        assert_eq!(sl.book_direct_until(k, 5, |_, _| (1e9, false, 0)), (0, 0), "days already booked are not booked twice");
        // Three days of patience (hand count): day 0 → 1, 2; day 1 → 3, 4; day 2 → 7, 7 (waits 5: given up);
        // day 3 → 7, 7 (4: given up); day 4 → 7 (3: booked), 8 (4: given up). 5 booked, 5 given up.
        let mut sl = SecondLine::new(&p, &[100_000.0]);
        assert_eq!(sl.book_direct_until(k, 5, |_, _| (3.0, false, 0)), (5, 5));
        assert_eq!(sl.earliest(k, 5), Some(8));
        // Off: no direct request and a tenth of the places (the referral share).
        let off = SpecialistParams { direct_access: false, ..p.clone() };
        assert_eq!(off.direct_per_day(Specialty::Dermatology, 100_000.0), 0.0);
        assert!((off.places_per_day(Specialty::Dermatology, DensityClass::DenseUrban, 100_000.0) - 0.1).abs() < 1e-12);
    }

    #[test]
    fn the_pool_chosen_follows_the_logit_on_travel_and_wait_within_the_tolerance() {
        // Own rural pool: 5 minutes, 60 days; urban pool: 45 minutes, 20 days.
        // Utilities (by hand, −1.5 per hour, −0.05 per day): −0.125 − 3 = −3.125 and
        // −1.125 − 1 = −2.125, one apart: P(urban) = e / (1 + e) = 0.731059.
        let own = PoolOption { pool: 0, travel_min: 5.0, wait_days: 60 };
        let urban = PoolOption { pool: 1, travel_min: 45.0, wait_days: 20 };
        assert!((pool_utility(&own, -1.5, -0.05) + 3.125).abs() < 1e-12);
        let n = 100_000;
        let to_urban =
            (0..n).filter(|i| choose_pool(&[own, urban], 365.0, -1.5, -0.05, (*i as f64 + 0.5) / n as f64) == Some(urban)).count();
        assert!((to_urban as f64 / n as f64 - 0.731059).abs() < 1e-4, "{to_urban}");
        // A tolerance of 30 days leaves only the urban pool; of 10 days, none (given up).
        assert_eq!(choose_pool(&[own, urban], 30.0, -1.5, -0.05, 0.999), Some(urban));
        assert_eq!(choose_pool(&[own, urban], 10.0, -1.5, -0.05, 0.1), None);
        // Travel alone at equal waits: 30 minutes more is −0.75, P = 1 / (1 + e^0.75) = 0.320821.
        let far = PoolOption { pool: 1, travel_min: 35.0, wait_days: 60 };
        let to_far = (0..n).filter(|i| choose_pool(&[own, far], 365.0, -1.5, -0.05, (*i as f64 + 0.5) / n as f64) == Some(far)).count();
        assert!((to_far as f64 / n as f64 - 0.320821).abs() < 1e-4, "{to_far}");
    }

    /// One place a working day per 100,000 inhabitants of a class (5 sessions
    /// of 1 consultation a week), and `direct` requests a working day.
    fn one_place_a_day(direct: f64) -> SpecialistParams {
        places_a_day(1.0, direct)
    }

    /// `places` a working day per 100,000 inhabitants of a class (5 sessions
    /// of `places` consultations a week), and `direct` requests a working day.
    fn places_a_day(places: f64, direct: f64) -> SpecialistParams {
        SpecialistParams {
            per_100k: [[1.0; 4]; SPECIALTIES],
            sessions_per_week: 5.0,
            consultations_per_session: [places; SPECIALTIES],
            direct_requests_derived: false,
            direct_requests_per_inhabitant_year: [direct * WORKING_DAYS_PER_YEAR / 100_000.0; SPECIALTIES],
            ..base()
        }
    }

    #[test]
    fn leave_moves_places_out_of_the_weeks_away_and_keeps_their_total() {
        // Two specialists, a 14-day cycle: one away the first week. Mean share away over the
        // 10 working days = 5 × 0.5 / 10 = 0.25: factors (1 − 0.5) / 0.75 = 2/3, then 1 / 0.75 = 4/3.
        let mut away = vec![0; 14];
        away[..7].fill(1);
        let f = leave_factors(&away, 2);
        assert!((f[0] - 2.0 / 3.0).abs() < 1e-6 && (f[7] - 4.0 / 3.0).abs() < 1e-6, "{f:?}");
        assert!(leave_factors(&[0; 14], 2).is_empty() && leave_factors(&away, 0).is_empty());
        assert_eq!(leave_factors(&[3; 14], 3), vec![0.0; 14]);
        // A year: 10 places a working day, one of two specialists away in weeks 26–28 (days 182–202):
        // 15 working days at half → mean 7.5 / 260; outside 10 / (1 − 7.5/260) = 10.297 a day,
        // inside 5 / (1 − 7.5/260) = 5.149; the year's total stays 2,600.
        let p = SpecialistParams { consultations_per_session: [10.0; SPECIALTIES], ..one_place_a_day(0.0) };
        let mut sl = SecondLine::new(&p, &[100_000.0]);
        let k = SecondLine::pool(0, DensityClass::DenseUrban, Specialty::Cardiology);
        let mut away = vec![0; LEAVE_CYCLE_DAYS];
        away[182..203].fill(1);
        sl.set_leave(k, leave_factors(&away, 2));
        let total: u32 = (0..364).map(|d| sl.capacity(k, d)).sum();
        assert!((i64::from(total) - 2600).abs() <= 2, "{total}");
        let week = |w: u32| (w * 7..w * 7 + 5).map(|d| sl.capacity(k, d)).sum::<u32>();
        assert!((i64::from(week(27)) - 26).abs() <= 1 && (i64::from(week(10)) - 51).abs() <= 1, "{} {}", week(27), week(10));
    }

    #[test]
    fn drawn_direct_requests_are_poisson_around_the_rate() {
        // 4 requests a working day: over 2,000 weeks the mean is 4 and the variance 4 (Poisson),
        // where the exact rate gives 4 every day (variance 0); none on weekends.
        let p = one_place_a_day(4.0);
        let mut sl = SecondLine::new(&p, &[100_000.0]);
        let k = SecondLine::pool(0, DensityClass::DenseUrban, Specialty::Dermatology);
        assert!((0..14).all(|d| sl.direct_count(k, d) == if d % 7 < 5 { 4 } else { 0 }));
        sl.draw_direct_counts(12345);
        let xs: Vec<f64> = (0..14_000).filter(|d| d % 7 < 5).map(|d| f64::from(sl.direct_count(k, d))).collect();
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (xs.len() - 1) as f64;
        assert!((mean - 4.0).abs() < 0.1 && (var - 4.0).abs() < 0.3, "{mean} {var}");
        assert!((0..14_000).filter(|d| d % 7 >= 5).all(|d| sl.direct_count(k, d) == 0));
        assert_eq!(sl.direct_count(k, 3), sl.direct_count(k, 3), "keyed by pool and day");
    }

    #[test]
    fn direct_requests_of_a_class_without_specialists_book_in_the_town_pool() {
        // Territory 0: 100,000 dense urban inhabitants with one place a working day, 100,000
        // intermediate with none; each class makes one direct request a working day.
        // Within the territory only (no outside patients nor outside pool: `catchment` off).
        let mut p = SpecialistParams { catchment: false, ..one_place_a_day(1.0) };
        for row in &mut p.per_100k {
            *row = [1.0, 0.0, 0.0, 0.0];
        }
        let k = SecondLine::pool(0, DensityClass::DenseUrban, Specialty::Cardiology);
        let travel = |to_town: Option<f32>| vec![[[Some(0.0), None, None, None], [to_town, Some(0.0), None, None], [None; 4], [None; 4]]];
        // 30 minutes to town: the 10 requests of days 0–4 (town first, then the village, each day)
        // take days 1, 2, 3, 4, 7, 8, 9, 10, 11, 14 of the town's pool; a referral on day 5 gets day 15.
        let mut sl = SecondLine::new(&p, &[100_000.0, 100_000.0, 0.0, 0.0]);
        sl.set_class_to_class(travel(Some(30.0)));
        assert_eq!(sl.book_direct_across(0, Specialty::Cardiology, 5, (-1.5, -0.05), |_, _, _| (1e9, 0.5, false, 0)), (10, 0));
        assert_eq!(sl.earliest(k, 5), Some(15));
        assert_eq!(sl.book_direct_across(0, Specialty::Cardiology, 5, (-1.5, -0.05), |_, _, _| (1e9, 0.5, false, 0)), (0, 0));
        // No way to town: the village's 5 requests are given up, the town's take days 1, 2, 3, 4, 7.
        let mut sl = SecondLine::new(&p, &[100_000.0, 100_000.0, 0.0, 0.0]);
        sl.set_class_to_class(travel(None));
        assert_eq!(sl.book_direct_across(0, Specialty::Cardiology, 5, (-1.5, -0.05), |_, _, _| (1e9, 0.5, false, 0)), (5, 5));
        assert_eq!(sl.earliest(k, 5), Some(8));
    }

    #[test]
    fn a_town_pool_above_the_national_mean_receives_its_surplus_as_outside_requests() {
        // Default split (by hand): Σ π_c split_c = (1.5 × 25.3 + 20.9 + 0.5 × 20.2 + 0.3 × 1.7) / 68.1
        // = 69.46 / 68.1, so dense urban ophthalmologists = 8.5 × 1.5 × 68.1 / 69.46 = 12.500360 per
        // 100,000, 4.000360 above the national 8.5. They serve 100,000 × 4.000360 / 8.5 = 47,063.06
        // outside inhabitants at the national demand 8.5e-5 × 9 × 14 × 52 / (1 − 0.06) = 0.592468 a
        // year: 27,883.36 requests a year; its own inhabitants' direct requests are 100,000 ×
        // (0.592468 − 0.012 × 2.75) = 55,946.81; together 83,830.17 over the 260 working days of a year.
        let p = base();
        let s = Specialty::Ophthalmology;
        assert!((p.national_per_100k(s) - 8.5).abs() < 1e-9);
        assert!((p.catchment(s, DensityClass::DenseUrban, 100_000.0) - 4.000360).abs() < 1e-6);
        let sl = SecondLine::new(&p, &[100_000.0, 0.0, 0.0, 0.0]);
        let k = SecondLine::pool(0, DensityClass::DenseUrban, s);
        let year: u32 = (0..364).map(|d| sl.direct_count(k, d)).sum();
        assert!((f64::from(year) - 83_830.17).abs() <= 1.0, "{year}");
        assert_eq!(sl.outside_option(0, s), None, "no shortfall, no outside pool");
        // Off: only its own inhabitants' 55,946.81 a year.
        let off = SecondLine::new(&SpecialistParams { catchment: false, ..p.clone() }, &[100_000.0, 0.0, 0.0, 0.0]);
        assert!((0..364).map(|d| off.direct_count(k, d)).sum::<u32>().abs_diff(55_947) <= 1);
        // A rural class of 100,000 has 8.5 × 0.5 × 68.1 / 69.46 = 4.166787, 4.333213 specialists
        // short: the outside pool holds 4.333213 × 9 / 5 × 14 = 109.1970 places a working day
        // (28,391.2 a year), at 40 minutes, and the rural pool keeps its own inhabitants' demand only.
        let sl = SecondLine::new(&p, &[0.0, 0.0, 100_000.0, 0.0]);
        let out = sl.outside(0, s);
        assert_eq!(sl.outside_option(0, s), Some((out, 40.0)));
        let year: u32 = (0..364).map(|d| sl.capacity(out, d)).sum();
        assert!((f64::from(year) - 28_391.2).abs() <= 1.0, "{year}");
        let rural = SecondLine::pool(0, DensityClass::Rural, s);
        assert!((0..364).map(|d| sl.direct_count(rural, d)).sum::<u32>().abs_diff(55_947) <= 1);
    }

    #[test]
    fn the_density_split_keeps_the_sourced_national_mean() {
        // The split ×1.5 / ×1 / ×0.5 / ×0.3 averages 69.46 / 68.1 = 1.019971 over France's
        // population by class (by hand), so each class is national × split / 1.019971 and the
        // national mean is the sourced figure (8.5, 5, 7, 7), not 8.84 as the rounded split gave.
        let p = SpecialistParams::default();
        for s in Specialty::ALL {
            assert!((p.national_per_100k(s) - NATIONAL_PER_100K[s.index()]).abs() < 1e-12, "{s:?}");
        }
        assert!((p.per_100k[0][0] - 8.5 * 1.5 * 68.1 / 69.46).abs() < 1e-12);
        assert!((p.per_100k[3][3] - 7.0 * 0.3 * 68.1 / 69.46).abs() < 1e-12);
        // Any split keeps it; no specialist where the split is all 0.
        let q = split_per_100k([4.0; SPECIALTIES], [3.0, 0.0, 0.0, 1.0]);
        let mean: f64 = q[1].iter().zip(NATIONAL_POPULATION_SHARE).map(|(x, w)| x * w).sum();
        assert!((mean - 4.0).abs() < 1e-12 && q[1][1] == 0.0);
        assert_eq!(split_per_100k([4.0; SPECIALTIES], [0.0; 4]), [[0.0; 4]; SPECIALTIES]);
    }

    #[test]
    fn the_direct_rate_is_the_national_demand_less_the_expected_referrals() {
        // 5 sessions of 2 consultations a week: 8.5e-5 × 5 / 5 × 2 × 260 = 0.0442 places per
        // inhabitant a year at the national density; 15 % unmet: demand 0.0442 / 0.85 = 0.052;
        // referrals 0.01 × 2 consultations = 0.02; direct 0.032 (by hand).
        let p = SpecialistParams {
            sessions_per_week: 5.0,
            consultations_per_session: [2.0; SPECIALTIES],
            unmet_share: [0.15; SPECIALTIES],
            referral_per_gp_consultation: [0.01; SPECIALTIES],
            referring_gp_consultations_per_inhabitant_year: 2.0,
            ..base()
        };
        let s = Specialty::Ophthalmology;
        assert!((p.national_places_per_inhabitant_year(s) - 0.0442).abs() < 1e-12);
        assert!((p.demand_per_inhabitant_year(s) - 0.052).abs() < 1e-12);
        assert!((p.direct_rate(s) - 0.032).abs() < 1e-12);
        // The run's own density does not move the demand (fewer specialists, the same patients).
        let fewer = SpecialistParams { per_100k: [[1.0; 4]; SPECIALTIES], ..p.clone() };
        assert_eq!(fewer.direct_rate(s), p.direct_rate(s));
        // Referrals above the demand: no direct request (never negative).
        let many = SpecialistParams { referring_gp_consultations_per_inhabitant_year: 10.0, ..p.clone() };
        assert_eq!(many.direct_rate(s), 0.0);
        // Given: the rate as set, and the demand is it plus the referrals.
        let given = SpecialistParams { direct_requests_derived: false, direct_requests_per_inhabitant_year: [0.1; SPECIALTIES], ..p };
        assert!((given.direct_rate(s) - 0.1).abs() < 1e-12 && (given.demand_per_inhabitant_year(s) - 0.12).abs() < 1e-12);
        // The given default is the derived rate rounded (switching derivation off keeps the run).
        let d = SpecialistParams::default();
        for s in Specialty::ALL {
            assert!((d.direct_requests_per_inhabitant_year[s.index()] - d.direct_rate(s)).abs() < 5e-4, "{s:?}");
        }
    }

    #[test]
    fn agendas_start_full_at_the_closed_form_wait() {
        // Ophthalmology, 6 % unmet, routine tolerance median 160 days, log-sd 0.7 (by hand):
        // z = ln(0.06 / 0.94) / 1.702 = −1.61665, W = 160 · e^(0.7 z) = 160 × 0.322499 = 51.60 → 51
        // days; dermatology 3.4 %: z = ln(0.034 / 0.966) / 1.702 = −1.96639, W = 160 × 0.252467 =
        // 40.39 → 40 days.
        let p = SpecialistParams { follow_up_share: [0.0; SPECIALTIES], ..SpecialistParams::default() };
        // Urgent requests (median 14 days) settle at the same quantile: 14 · e^(0.7 z) = 4.52 → 4
        // days ophthalmology, 3.53 → 3 dermatology.
        assert_eq!(p.initial_wait_days(Specialty::Ophthalmology), (51, 4));
        assert_eq!(p.initial_wait_days(Specialty::Dermatology), (40, 3));
        // A fifth of the routine requests planned follow-ups (the default), all booked at their
        // date: the others are short by 0.06 / 0.8 = 0.075, z = ln(0.075 / 0.925) / 1.702 =
        // −1.47609, W = 160 · e^(0.7 z) = 160 × 0.355844 = 56.94 → 56; dermatology 0.0425:
        // z = −1.83009, 160 × 0.277741 = 44.44 → 44. Urgent requests unchanged.
        let d = SpecialistParams::default();
        assert_eq!(d.initial_wait_days(Specialty::Ophthalmology), (56, 4));
        assert_eq!(d.initial_wait_days(Specialty::Dermatology), (44, 3));
        // Booked before the run, as a share of a day's routine places: φ = 0.2 / 0.94 = 0.212766
        // up to the shortest lead (90 days), × (330 − d) / 240 beyond: half at day 210, none at 330.
        let o = Specialty::Ophthalmology;
        assert!((d.follow_ups_booked_before(o, 50) - 0.2 / 0.94).abs() < 1e-12);
        assert!((d.follow_ups_booked_before(o, 210) - 0.1 / 0.94).abs() < 1e-12);
        assert_eq!(d.follow_ups_booked_before(o, 330), 0.0);
        assert_eq!(p.follow_ups_booked_before(o, 50), 0.0);
        // No excess modelled: empty agendas.
        assert_eq!(SpecialistParams { unmet_share: [0.0; SPECIALTIES], ..p.clone() }.initial_wait_days(Specialty::Cardiology), (0, 0));
        assert_eq!(SpecialistParams { direct_requests_derived: false, ..p.clone() }.initial_wait_days(Specialty::Cardiology), (0, 0));
        // One place a working day, days 1–10 filled (working days 1–4 and 7–10): the first free
        // place after day 0 is day 11; the other specialties' pools stay empty (day 1).
        let mut sl = SecondLine::new(&one_place_a_day(0.0), &[100_000.0]);
        sl.fill_agendas(Specialty::Cardiology, (10, 10), |_| 0.0);
        assert_eq!(sl.earliest(SecondLine::pool(0, DensityClass::DenseUrban, Specialty::Cardiology), 0), Some(11));
        assert_eq!(sl.earliest(SecondLine::pool(0, DensityClass::DenseUrban, Specialty::Dermatology), 0), Some(1));
        // Four places a working day, one kept for urgent requests: routine places filled to day 10,
        // kept ones to day 2: a routine request on day 0 finds day 11, an urgent one day 3.
        let four =
            SpecialistParams { consultations_per_session: [4.0; SPECIALTIES], urgent_share: [0.25; SPECIALTIES], ..one_place_a_day(0.0) };
        let mut sl = SecondLine::new(&four, &[100_000.0]);
        sl.fill_agendas(Specialty::Cardiology, (10, 2), |_| 0.0);
        let k = SecondLine::pool(0, DensityClass::DenseUrban, Specialty::Cardiology);
        assert_eq!((sl.earliest_for(k, 0, false), sl.earliest_for(k, 0, true)), (Some(11), Some(3)));
    }

    #[test]
    fn a_planned_follow_up_waits_its_lead_and_leaves_the_first_places_to_the_others() {
        // The lead (by hand, defaults: a fifth of the routine requests, leads 90–330 days):
        // follow-up (u 0.1 < 0.2) with u_lead 0.5: ⌊90 + 0.5 × 240⌋ = 210; not a follow-up
        // (u 0.3), or urgent: 0; u_lead 0.999: ⌊329.76⌋ = 329.
        let d = SpecialistParams::default();
        let o = Specialty::Ophthalmology;
        assert_eq!(d.lead_days(o, false, 0.1, 0.5), 210);
        assert_eq!((d.lead_days(o, false, 0.3, 0.5), d.lead_days(o, true, 0.1, 0.5)), (0, 0));
        assert_eq!(d.lead_days(o, false, 0.1, 0.999), 329);
        // One place a working day, empty (day 0 a Monday). A follow-up made on day 0 with a lead
        // of 30 days takes day 30 (a Wednesday); a second one, day 31; one with a lead of 33
        // (a Saturday), Monday day 35. A request that wants the first place still finds day 1:
        // the follow-ups did not move the cursor (break caught: a cursor moved to day 30).
        let mut sl = SecondLine::new(&one_place_a_day(0.0), &[100_000.0]);
        let k = SecondLine::pool(0, DensityClass::DenseUrban, Specialty::Cardiology);
        for (lead, day) in [(30, 30), (30, 31), (33, 35)] {
            assert_eq!(sl.earliest_after(k, 0, false, lead), Some(day));
            sl.book(k, day);
        }
        assert_eq!(sl.earliest(k, 0), Some(1));
        // Days 1–35 taken: the first place is Tuesday day 36, and a follow-up whose target
        // (day 2) is behind the cursor takes the first free place after it, day 36 too.
        (1..=35).for_each(|day| sl.book(k, day));
        assert_eq!(sl.earliest(k, 0), Some(36));
        assert_eq!(sl.earliest_after(k, 0, false, 2), Some(36));

        // A queue: 10 places a working day, 12 requests (exact). The first two of each day are
        // follow-ups with a lead of 60 days accepting 5 days beyond it; the i-th other one
        // (i = 2 … 11) accepts 10·(i − 1) days. By hand: the follow-ups land beyond the queue,
        // 60 days on (a Tuesday's or Wednesday's on the next Monday: 61–62 days), never given up
        // (a Monday takes three days' follow-ups, 6 of its 10 places). The 10 others share the
        // 8 places left: the two least patient of each day (10 and 20 days) give up, a share
        // 2 / 10 = u / (1 − f) with u = 2 / 12, f = 2 / 12; the wait settles in (20, 30].
        // Breaks caught: the lead ignored (follow-ups wait the queue), the tolerance counted
        // from the request instead of the lead (follow-ups given up), the cursor moved by a
        // follow-up (the others pushed 60 days on and given up).
        let p = SpecialistParams { catchment: false, ..places_a_day(10.0, 12.0) };
        let request = |_: u32, i: u32| if i < 2 { (5.0, false, 60) } else { (10.0 * f64::from(i - 1), false, 0) };
        let mut sl = SecondLine::new(&p, &[100_000.0]);
        sl.book_direct_until(k, 700, request);
        let (mut follow_up_waits, mut others, mut others_forgone) = (Vec::new(), 0u64, 0u64);
        for day in 700..1400u32 {
            for i in 0..sl.direct_count(k, day) {
                let (tolerance, _, lead) = request(day, i);
                match sl.earliest_after(k, day, false, lead) {
                    Some(b) if f64::from(b - day) <= f64::from(lead) + tolerance => {
                        sl.book(k, b);
                        if lead > 0 {
                            follow_up_waits.push(b - day);
                        }
                    }
                    _ => {
                        assert_eq!(lead, 0, "a follow-up given up on day {day}");
                        others_forgone += 1;
                    }
                }
                others += u64::from(lead == 0);
            }
        }
        assert_eq!(follow_up_waits.len(), 2 * 500);
        assert!(follow_up_waits.iter().all(|w| (60..=62).contains(w)), "{follow_up_waits:?}");
        let share = others_forgone as f64 / others as f64;
        assert!((share - 0.2).abs() < 0.005, "{share}");
        let wait = sl.earliest(k, 1400).unwrap() - 1400;
        assert!((21..=30).contains(&wait), "{wait}");
    }

    #[test]
    fn follow_up_inputs_out_of_range_are_named() {
        let fields = |p: SpecialistParams| -> Vec<String> { p.problems().into_iter().map(|(f, _)| f).collect() };
        assert!(fields(SpecialistParams::default()).is_empty());
        let bad =
            SpecialistParams { follow_up_share: [0.95, 0.2, 0.2, 0.2], follow_up_lead_days: [300.0, 100.0], ..SpecialistParams::default() };
        assert_eq!(fields(bad), ["follow_up_share[0]", "follow_up_lead_days"]);
        // A lead beyond the agenda's year less 30 days (335) could not be booked.
        let far = SpecialistParams { follow_up_lead_days: [90.0, 365.0], ..SpecialistParams::default() };
        assert_eq!(fields(far), ["follow_up_lead_days[1]"]);
    }

    #[test]
    fn demand_above_the_places_gives_up_the_excess_at_the_tolerance() {
        // One pool, 10 places a working day, 12 requests a working day (exact, no leave): the
        // i-th request of a day accepts 10·(i + 1) days. The queue grows until the wait passes
        // 20 days; then the two least patient requests of each day (10 and 20 days) are given up
        // and 10 booked: the forgone share tends to 1 − c/λ = 1 − 10/12 = 1/6, and the wait to
        // the tolerance just above it, in (20, 30] days. Break caught: requests booked beyond
        // their tolerance (the wait grows without bound), or given up below it.
        let p = SpecialistParams { catchment: false, ..places_a_day(10.0, 12.0) };
        let mut sl = SecondLine::new(&p, &[100_000.0]);
        let k = SecondLine::pool(0, DensityClass::DenseUrban, Specialty::Cardiology);
        let tolerance = |_: u32, i: u32| (10.0 * f64::from(i + 1), false, 0);
        sl.book_direct_until(k, 700, tolerance);
        let (booked, forgone) = sl.book_direct_until(k, 1400, tolerance);
        let share = forgone as f64 / (booked + forgone) as f64;
        assert!((share - 1.0 / 6.0).abs() < 0.005, "{share}");
        let wait = sl.earliest(k, 1400).unwrap() - 1400;
        assert!((20..=30).contains(&wait), "{wait}");
    }

    #[test]
    fn requests_of_a_territory_short_of_specialists_book_the_outside_pool() {
        // 2 specialists per 100,000 in dense urban areas only: national mean 2 × 25.3 / 68.1 =
        // 0.743025. A rural territory of 100,000 has none: 0.743025 specialists outside, 5
        // sessions of 2 consultations a week → 1.486050 places a working day (working day w
        // holds ⌊(w + 1)·r⌋ − ⌊w·r⌋: 1, 1, 2, 1, 2 from Monday, then 1, 2 …). One direct
        // request a working day, none given up: the requests of days 0–4 take days 1, 2, 3, 4
        // and 7 outside; a referral on Saturday (day 5) finds day 8 (day 7 held one place).
        let mut p = SpecialistParams {
            sessions_per_week: 5.0,
            consultations_per_session: [2.0; SPECIALTIES],
            direct_requests_derived: false,
            direct_requests_per_inhabitant_year: [WORKING_DAYS_PER_YEAR / 100_000.0; SPECIALTIES],
            ..base()
        };
        p.per_100k = [[2.0, 0.0, 0.0, 0.0]; SPECIALTIES];
        let s = Specialty::Dermatology;
        let travel = vec![[[None; 4], [None; 4], [None, None, Some(0.0), None], [None; 4]]];
        let mut sl = SecondLine::new(&p, &[0.0, 0.0, 100_000.0, 0.0]);
        sl.set_class_to_class(travel.clone());
        let out = sl.outside(0, s);
        let week: Vec<u32> = (0..9).map(|d| sl.capacity(out, d)).collect();
        assert_eq!(week, vec![1, 1, 2, 1, 2, 0, 0, 1, 2]);
        assert_eq!(sl.book_direct_across(0, s, 5, (-1.5, -0.05), |_, _, _| (1e9, 0.5, false, 0)), (5, 0));
        assert_eq!(sl.earliest(out, 5), Some(8));
        // Patients who do not look beyond their class's pool (`pool_choice` off) cannot
        // reach it: the five requests are given up.
        let mut sl = SecondLine::new(&SpecialistParams { pool_choice: false, ..p.clone() }, &[0.0, 0.0, 100_000.0, 0.0]);
        sl.set_class_to_class(travel);
        assert_eq!(sl.outside_option(0, s), None);
        assert_eq!(sl.book_direct_across(0, s, 5, (-1.5, -0.05), |_, _, _| (1e9, 0.5, false, 0)), (0, 5));
    }

    #[test]
    fn each_territory_has_its_own_outside_pool() {
        // Two territories, ophthalmologists as by default (national mean 8.5 per 100,000,
        // rural 8.5 × 0.5 × 68.1 / 69.46 = 4.166787): the first dense urban (a surplus, no
        // outside pool), the second rural (100,000 inhabitants 4.333213 short, × 9 / 5 × 14 =
        // 109.1970 places a working day outside, 260 working days in 364: 28,391.2).
        // The outside pools follow the 2 × 4 classes' pools × 4 specialties: the second
        // territory's ophthalmology pool is number (2 × 4 + 1) × 4 + 0 = 36.
        let s = Specialty::Ophthalmology;
        let sl = SecondLine::new(&base(), &[100_000.0, 0.0, 0.0, 0.0, 0.0, 0.0, 100_000.0, 0.0]);
        assert_eq!(sl.outside(1, s), 36);
        assert_eq!(sl.outside_option(0, s), None);
        assert_eq!(sl.outside_option(1, s), Some((36, 40.0)));
        let year: u32 = (0..364).map(|d| sl.capacity(36, d)).sum();
        assert!((f64::from(year) - 28_391.2).abs() <= 1.0, "{year}");
    }

    #[test]
    fn places_kept_for_urgent_requests_serve_them_next_day_while_routine_ones_queue() {
        // One pool of 4 places a working day, a quarter kept for urgent requests: 1 kept, 3
        // routine (day_places(d, 4 × 0.25) = 1 every working day). Five direct requests a working
        // day (exact): the first urgent, accepting 3 days (a Friday's request is seen on Monday);
        // the i-th routine one (i = 1 … 4) accepts 10·i days. By hand: the urgent request of day d
        // takes the kept place of the next working day, never given up; the routine requests,
        // 4 a day on 3 places, queue until the wait passes 10 days, then the least patient of
        // each day gives up: routine forgone share → 1 − 3/4 = 1/4 and the routine wait in
        // (10, 20]. Break caught: no place kept (the urgent request waits the routine queue and
        // gives up), or the kept places open to routine requests.
        let p = SpecialistParams { catchment: false, urgent_share: [0.25; SPECIALTIES], ..places_a_day(4.0, 5.0) };
        let k = SecondLine::pool(0, DensityClass::DenseUrban, Specialty::Cardiology);
        let mut sl = SecondLine::new(&p, &[100_000.0]);
        assert!((0..14).all(|d| (sl.capacity(k, d), sl.kept(k, d)) == if d % 7 < 5 { (4, 1) } else { (0, 0) }));
        let request = |_: u32, i: u32| if i == 0 { (3.0, true, 0) } else { (10.0 * f64::from(i), false, 0) };
        sl.book_direct_until(k, 700, request);
        let mut urgent_waits = Vec::new();
        let (mut routine_booked, mut routine_forgone) = (0u64, 0u64);
        for d in 700..1400u32 {
            for i in 0..sl.direct_count(k, d) {
                let (tolerance, urgent, _) = request(d, i);
                match sl.earliest_for(k, d, urgent) {
                    Some(day) if f64::from(day - d) <= tolerance => {
                        sl.book(k, day);
                        if urgent {
                            urgent_waits.push(day - d);
                        } else {
                            routine_booked += 1;
                        }
                    }
                    _ => {
                        assert!(!urgent, "an urgent request given up on day {d}");
                        routine_forgone += 1;
                    }
                }
            }
        }
        assert_eq!(urgent_waits.len(), 500);
        assert!(urgent_waits.iter().all(|&w| w == 1 || w == 3), "{urgent_waits:?}");
        let share = routine_forgone as f64 / (routine_booked + routine_forgone) as f64;
        assert!((share - 0.25).abs() < 0.005, "{share}");
        let wait = sl.earliest_for(k, 1400, false).unwrap() - 1400;
        assert!((11..=20).contains(&wait), "{wait}");
        // The same requests without places kept: 5 requests on 4 places, the queue grows until the
        // urgent ones (3 days) give up, then holds (4 routine a day on 4 places): wait in (3, 10].
        let mut sl = SecondLine::new(&SpecialistParams { urgent_share: [0.0; SPECIALTIES], ..p.clone() }, &[100_000.0]);
        sl.book_direct_until(k, 700, request);
        let wait = sl.earliest_for(k, 700, true).unwrap() - 700;
        assert!((4..=10).contains(&wait), "{wait}");
        // One count of the day's bookings: with 3 of day 1's 4 places taken, an urgent request
        // still finds day 1 and a routine one day 2; with 4, both day 2.
        let mut sl = SecondLine::new(&p, &[100_000.0]);
        (0..3).for_each(|_| sl.book(k, 1));
        assert_eq!((sl.earliest_for(k, 0, true), sl.earliest_for(k, 0, false)), (Some(1), Some(2)));
        sl.book(k, 1);
        assert_eq!(sl.earliest_for(k, 0, true), Some(2));
    }

    #[test]
    fn part_of_a_surplus_or_shortfall_crosses_the_boundary() {
        // `catchment_share` 0.5 halves both sides of the catchment of the test above (by hand):
        // a dense urban class of 100,000 has 4.000360 × 0.5 = 2.000180 ophthalmologists serving
        // outside patients, 27,883.36 × 0.5 = 13,941.68 requests a year, with its inhabitants'
        // 55,946.81: 69,888.49; a rural class of 100,000 has 109.1970 × 0.5 = 54.5985 places a
        // working day outside, 14,195.6 a year. Break caught: the share applied to one side only
        // (places created or lost nationally).
        let p = SpecialistParams { catchment_share: 0.5, ..base() };
        let s = Specialty::Ophthalmology;
        assert!((p.catchment(s, DensityClass::DenseUrban, 100_000.0) - 2.000180).abs() < 1e-6);
        let sl = SecondLine::new(&p, &[100_000.0, 0.0, 0.0, 0.0]);
        let k = SecondLine::pool(0, DensityClass::DenseUrban, s);
        let year: u32 = (0..364).map(|d| sl.direct_count(k, d)).sum();
        assert!((f64::from(year) - 69_888.49).abs() <= 1.0, "{year}");
        let sl = SecondLine::new(&p, &[0.0, 0.0, 100_000.0, 0.0]);
        let year: u32 = (0..364).map(|d| sl.capacity(sl.outside(0, s), d)).sum();
        assert!((f64::from(year) - 14_195.6).abs() <= 1.0, "{year}");
    }

    #[test]
    fn urgent_requests_have_their_own_tolerance() {
        // The uniform 0.5 gives each kind's median; below `urgent_share` a request is urgent.
        let p = SpecialistParams::default();
        assert!((p.request_tolerance(true, 0.5) - 14.0).abs() < 1e-9);
        assert!((p.request_tolerance(false, 0.5) - 160.0).abs() < 1e-9);
        assert!(p.is_urgent(Specialty::Dermatology, 0.2) && !p.is_urgent(Specialty::Dermatology, 0.3));
        assert!(!base().is_urgent(Specialty::Dermatology, 0.0));
    }

    #[test]
    fn medians_of_small_histograms() {
        // The specialists' median is the calendar-day quantile every delay median uses.
        use crate::model::requests::calendar_quantile;
        let mut c = SecondLineCell::default();
        assert_eq!(calendar_quantile(c.delays(0), 0.5), (0.0, 0.0));
        for d in [3, 10, 52, 60] {
            c.advice(0, d, false);
        }
        assert_eq!(calendar_quantile(c.delays(0), 0.5), (10.0, 1.0));
        c.advice(0, 99, false);
        assert_eq!(calendar_quantile(c.delays(0), 0.5), (52.0, 1.0));
    }

    #[test]
    fn urgent_and_routine_delays_split_the_histogram() {
        // By hand: urgent advices after 1 and 2 days, routine ones after 30, 40
        // and 200 days (the last bin) → urgent median 1 day, routine median 40,
        // all five together 30; another specialty has nothing.
        use crate::model::requests::calendar_quantile;
        let mut c = SecondLineCell::default();
        for (d, urgent) in [(1, true), (2, true), (30, false), (40, false), (200, false)] {
            c.advice(1, d, urgent);
        }
        assert_eq!(calendar_quantile(c.urgent_delays(1), 0.5), (1.0, 1.0));
        assert_eq!(calendar_quantile(&c.routine_delays(1), 0.5), (40.0, 1.0));
        assert_eq!(calendar_quantile(c.delays(1), 0.5), (30.0, 1.0));
        assert_eq!(c.routine_delays(1).iter().sum::<u32>(), 3);
        assert!(c.urgent_delays(0).iter().all(|&n| n == 0) && c.routine_delays(0).iter().all(|&n| n == 0));
    }
}
