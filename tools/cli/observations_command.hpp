// `satflow run SCENARIO --replications N --observations FILE`: the replications' summary as without
// the file, then the record against the replications (tools/experiments/record_check.hpp): per
// observed programme and milestone the record, the model's median and 5-95% as dates, whether the
// record is inside, the median's error in years, and the censored bounds kept or broken. With --json,
// the comparison's JSON with an `observations` list.
#pragma once

#include "tools/cli/cli_util.hpp"

namespace satflow::cli {

/// Reads args.observations_file against `scenario` (problems: exit status 2, nothing run), runs the
/// replications, each child sending the observed items' dates, and reports. Returns the exit status.
/// REQUIRES: args.replications > 1.
int observed_replications_command(const RunArgs& args, models::Scenario scenario);

} // namespace satflow::cli
