// `satflow run SCENARIO --replications N --observations FILE`: the replications' summary as without
// the file, then the record against the replications (tools/experiments/record_check.hpp): per
// observed programme and milestone the record, the model's median and 5-95% as dates, whether the
// record is inside, the median's error in years, and the censored bounds kept or broken. With --json,
// the comparison's JSON with an `observations` list. With --uncertain or --posterior, the record against
// M input draws x K replications (replication k of draw m as m K + k): the predictive range then carries
// the inputs' uncertainty too; the text is the record's table, the JSON has `uncertainty`, `input_draws`
// and `observations`.
#pragma once

#include "tools/cli/cli_util.hpp"

namespace satflow::cli {

/// Reads args.observations_file against `scenario` (problems: exit status 2, nothing run), runs the
/// replications, each child sending the observed items' dates, and reports. Returns the exit status.
/// REQUIRES: args.replications > 1.
int observed_replications_command(const RunArgs& args, models::Scenario scenario);

} // namespace satflow::cli
