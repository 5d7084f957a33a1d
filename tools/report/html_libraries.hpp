// The chart libraries that HTML reports inline: Vega, Vega-Lite and vega-embed, minified, at the
// versions package-lock.json pins. Embedded in the binary at build time (html_libraries.cpp is
// generated from node_modules/), so satflow needs nothing at run time.
#pragma once

#include <string_view>

namespace satflow::tools {

extern const std::string_view kVegaJs;      ///< node_modules/vega/build/vega.min.js
extern const std::string_view kVegaLiteJs;  ///< node_modules/vega-lite/build/vega-lite.min.js
extern const std::string_view kVegaEmbedJs; ///< node_modules/vega-embed/build/vega-embed.min.js

} // namespace satflow::tools
