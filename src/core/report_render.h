/*
 * report_render.h — the validator's renderers: a heisen_report as lockdep-dialect text or as one
 * JSON object (the static checkers' findings have hosted writers of their own, src/findings).
 *
 * Freestanding and re-entrant: no allocation, output goes through `sink` in pieces, code
 * addresses through `format_pc` (a kernel prints hex, `heisen run` prints function, file:line).
 */
#ifndef HEISEN_CORE_REPORT_RENDER_H
#define HEISEN_CORE_REPORT_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include "core/report.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*heisen_sink_fn)(void *context, const char *text, size_t len);
/* Writes a printable form of `pc` into buf (at most len bytes with the NUL); returns its length. */
typedef size_t (*heisen_format_pc_fn)(void *context, uintptr_t pc, char *buf, size_t len);

void heisen_render_text(const heisen_report *report, heisen_sink_fn sink,
                        heisen_format_pc_fn format_pc, void *context);
/* One JSON object on one line, followed by '\n'. Schema: docs/report-json.md. */
void heisen_render_json(const heisen_report *report, heisen_sink_fn sink,
                        heisen_format_pc_fn format_pc, void *context);

#ifdef __cplusplus
}
#endif

#endif /* HEISEN_CORE_REPORT_RENDER_H */
