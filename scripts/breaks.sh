#!/bin/bash
# Applies each deliberate break of a model rule (docs/testing.md § 2), one at a time, in a
# scratch worktree (git worktree add /tmp/breaks-wt HEAD), and runs the model suites.
cd "${1:?usage: scripts/breaks.sh WORKTREE (a scratch git worktree of this repository)}"
run() {
  name="$1"; file="$2"; from="$3"; to="$4"
  git checkout -q -- .
  python3 - "$file" "$from" "$to" <<'PY'
import sys
p, a, b = sys.argv[1:4]
s = open(p).read()
assert a in s, f"pattern not found in {p}: {a}"
open(p, 'w').write(s.replace(a, b, 1))
PY
  if cargo test -q --lib --test rules --test policies --test indicator_windows --test model > "${BREAKS_LOG:-/tmp/breaks}"/$name.log 2>&1; then
    echo "$name: NOT CAUGHT"
  else
    echo "$name: caught by $(grep -E '^    [a-z_:0-9]+$' "${BREAKS_LOG:-/tmp/breaks}"/$name.log | tr -d ' ' | sort -u | tr '\n' ' ')"
  fi
}
mkdir -p "${BREAKS_LOG:-/tmp/breaks}"
run acute_never_forgo src/model/world/mod.rs 'options.push((FirstContact::Forgo, ch.asc_forgo + ch.beta_forgo_vulnerable * vulnerable + forgo_push));' 'let _ = (vulnerable, forgo_push);'
run telexpertise_inverted src/model/policy/teleconsultation.rs '            self.p.telexpertise_factor' '            1.0 / self.p.telexpertise_factor'
run warmup_dropped src/model/world/mod.rs '        let (terr, c) = self.cells_of(patient);
        if t >= self.warmup {' '        let (terr, c) = self.cells_of(patient);
        if t >= SimTime::ZERO {'
run caregiver_inverted src/model/world/mod.rs 'if needs_caregiver && !pt.is(flags::CAREGIVER) {' 'if needs_caregiver && pt.is(flags::CAREGIVER) {'
run pdsa_any_hour src/model/policy/pdsa.rs '        if !on_duty(t, &self.holidays) {' '        if false && !on_duty(t, &self.holidays) {'
run travel_faster_class src/model/territory.rs '.min(p.speed_kmh[b.2.index()])' '.max(p.speed_kmh[b.2.index()])'
run admission_gp_only src/model/world/mod.rs 'if carries_admission_risk(kind) && u_hosp' 'if matches!(provider, Provider::Gp(_)) && carries_admission_risk(kind) && u_hosp'
run refusal_for_registered src/model/world/mod.rs 'if refused && !pt.has_gp() {' 'if refused {'
run pdsa_holiday_weekday_hours src/model/services.rs 'HolidayHours::AsSunday => Some(Weekday::Sunday),' 'HolidayHours::AsSunday => Some(Weekday::of_day(day)),'
run mediators_flat src/model/policy/mediators.rs '&& policy_uniform(&self.c.name, self.key, u64::from(p.id)) < self.reach' ''
git checkout -q -- .
