/*===- Model.h - C API of a compiled model library ---------------*- C -*-===*\
|*                                                                            *|
|* A model compiled ahead of time by quant-compile is a shared library. This *|
|* API (in libQuantPT2ERuntime.so, no MLIR or LLVM) loads one, creates an    *|
|* instance (all one-time work: oneDNN primitives and XNNPACK operators      *|
|* created, weights packed, once), describes its inputs and outputs and runs *|
|* it on the caller's buffers. docs/Deployment.md has a worked example        *|
|* (examples/run-model).                                                      *|
|*                                                                            *|
|* Every function returns a status; on failure a message for the calling     *|
|* thread is kept until its next call (qpt2e_last_error). Separate instances |*
|* (of the same library or of different ones) may run concurrently from      *|
|* different threads; runs of one instance are serialized. The training      *|
|* state of a QAT library (batch-norm running statistics) is the library's,  *|
|* shared by its instances, whose runs are therefore serialized too;         *|
|* observer statistics are the instance's.                                   *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef QUANT_PT2E_RUNTIME_MODEL_H
#define QUANT_PT2E_RUNTIME_MODEL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The version of this API and of the model library format it loads.
#define QPT2E_MODEL_ABI_VERSION 1

/// The largest tensor rank an input or output may have.
#define QPT2E_MAX_RANK 8

typedef enum {
  QPT2E_OK = 0,
  /// A null pointer, a wrong count, dtype or shape, an index out of range.
  QPT2E_ERROR_INVALID_ARGUMENT = 1,
  /// The file is missing, not a shared library, or not a model library of
  /// this ABI version.
  QPT2E_ERROR_LOAD = 2,
  /// The library was compiled for an ISA this CPU does not have.
  QPT2E_ERROR_UNSUPPORTED_TARGET = 3,
  /// The runtime or a backend failed (creating a primitive, an observer
  /// seeing NaN, the AMX state refused).
  QPT2E_ERROR_RUNTIME = 4,
} qpt2e_status;

typedef enum {
  QPT2E_F32 = 0,
  QPT2E_F64 = 1,
  QPT2E_I8 = 2,
  QPT2E_U8 = 3,
  QPT2E_I32 = 4,
  QPT2E_I64 = 5,
} qpt2e_dtype;

/// An input or output of a model. Quantization parameters are given when
/// the model quantizes an input per tensor right away or dequantizes an
/// output from per-tensor int8 (the common case of a converted model with
/// float inputs and outputs).
typedef struct {
  qpt2e_dtype dtype;
  int32_t rank;
  int64_t shape[QPT2E_MAX_RANK];
  int32_t quantized; ///< 1 when the fields below hold
  qpt2e_dtype quant_dtype;
  float scale;
  int64_t zero_point;
  int64_t quant_min, quant_max;
} qpt2e_tensor_info;

/// A caller's dense, C-ordered (row-major) buffer.
typedef struct {
  void *data;
  qpt2e_dtype dtype;
  int32_t rank;
  const int64_t *shape;
} qpt2e_tensor;

typedef struct qpt2e_model qpt2e_model;

/// Loads the model library at `path`, checks that this CPU can run it and
/// creates an instance: the library's qpt2e_init runs here, once.
qpt2e_status qpt2e_model_create(const char *path, qpt2e_model **model);
/// Destroys an instance and everything it created. NULL is a no-op.
void qpt2e_model_destroy(qpt2e_model *model);

int32_t qpt2e_model_num_inputs(const qpt2e_model *model);
int32_t qpt2e_model_num_outputs(const qpt2e_model *model);
qpt2e_status qpt2e_model_input_info(const qpt2e_model *model, int32_t index,
                                    qpt2e_tensor_info *info);
qpt2e_status qpt2e_model_output_info(const qpt2e_model *model, int32_t index,
                                     qpt2e_tensor_info *info);
/// "lowering onednn, target amx, compiled for 2 threads"; NULL for NULL.
const char *qpt2e_model_describe(const qpt2e_model *model);

/// Runs the model on `num_inputs` inputs (read in place, not copied) and
/// writes its `num_outputs` outputs into the caller's buffers. Every dtype
/// and shape must be the model's. `num_threads` (>= 1) threads run the
/// kernels: the backends' pools and the compiled code's parallel loops
/// (split as compiled, see qpt2e_model_describe).
qpt2e_status qpt2e_model_run(qpt2e_model *model, const qpt2e_tensor *inputs,
                             int32_t num_inputs, qpt2e_tensor *outputs,
                             int32_t num_outputs, int32_t num_threads);

/// Writes the instance's observer statistics and the library's training
/// state as the statistics JSON of `quant-run --stats-out` (for
/// quant-pt2e-convert and quant-pt2e-qat-fold-conv-bn), counting
/// `num_samples` samples.
qpt2e_status qpt2e_model_write_stats(qpt2e_model *model, const char *path,
                                     int64_t num_samples);
/// Forgets the instance's observer statistics.
qpt2e_status qpt2e_model_reset_observers(qpt2e_model *model);

/// The message of the calling thread's last failed call, "" if none.
const char *qpt2e_last_error(void);

#ifdef __cplusplus
}
#endif

#endif /* QUANT_PT2E_RUNTIME_MODEL_H */
