# Overhead ratios of each checker against no checker (log scale); data: "config lock_heavy bcache".
set terminal svg size 720,420 dynamic font "sans,12"
set output outfile
set title "Slowdown against no checker (lower is better)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set logscale y
set datafile missing NaN
set yrange [1:*]
set ylabel "time per operation / uninstrumented"
set key top left
set grid ytics
plot datafile using 2:xtic(1) title "lock-heavy microbenchmark", '' using 3 title "bcache workload"
