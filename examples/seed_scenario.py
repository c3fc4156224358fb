"""The seed scenario through the Python API: what `rangemap demo` draws, built step by step.

    python examples/seed_scenario.py [out/seed-map-api.html]
"""

import sys

import pandas as pd

import rangemap as rm

output = sys.argv[1] if len(sys.argv) > 1 else "seed-map-api.html"

# Missiles from the Russian regions bordering Ukraine (city centres as reference points).
missiles = rm.reach(["hwasong-11", "pukguksong-2"], ["belgorod", "kursk", "bryansk", "voronezh"])
# Guns and rocket launchers only reach from close to the border.
artillery = rm.reach(["koksan", "240mm mrl"], ["shebekino"])

m = rm.ReachMap(title="North Korean systems reported in Russia: reach from Russian border regions")
m.add_reach(missiles).add_reach(artillery)

targets = rm.targets_in_reach(pd.concat([missiles, artillery], ignore_index=True))
m.add_cities(targets)
print(rm.summary(targets).to_string(index=False))

m.save(output)
print(f"wrote {output}")
