/*===- run_model.c - load a compiled model library and run it -----------===*\
|*                                                                            *|
|* The worked example of the C API (quant-pt2e/Runtime/Model.h): a program   *|
|* that needs only libQuantPT2ERuntime.so. It creates N instances of a model *|
|* library (quant-compile), prints what the model takes and gives, runs     *|
|* every instance R times, each in its own thread at the same time, checks  *|
|* that all of them computed the same outputs, and writes the first          *|
|* instance's outputs as raw files.                                           *|
|*                                                                            *|
|*   run-model model.so [--input in.bin]... [--output out.bin]...            *|
|*             [--instances N] [--runs R] [--threads T]                      *|
|*                                                                            *|
|* Inputs are raw, dense, C-ordered files of the model's dtype and shape;    *|
|* without --input, a fixed pseudo-random pattern is used.                   *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#include "quant-pt2e/Runtime/Model.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TENSORS 64
#define MAX_INSTANCES 64

static const char *dtype_name(qpt2e_dtype dtype) {
  static const char *names[] = {"float32", "float64", "int8",
                                "uint8",   "int32",   "int64"};
  return (unsigned)dtype < 6 ? names[dtype] : "?";
}

static size_t element_size(qpt2e_dtype dtype) {
  static const size_t sizes[] = {4, 8, 1, 1, 4, 8};
  return sizes[dtype];
}

static int64_t num_elements(const qpt2e_tensor_info *info) {
  int64_t n = 1;
  for (int32_t d = 0; d < info->rank; ++d)
    n *= info->shape[d];
  return n;
}

static void print_info(const char *what, int32_t index,
                       const qpt2e_tensor_info *info) {
  printf("%s %d: %s [", what, index, dtype_name(info->dtype));
  for (int32_t d = 0; d < info->rank; ++d)
    printf("%s%lld", d ? ", " : "", (long long)info->shape[d]);
  printf("]");
  if (info->quantized)
    printf(", quantized as %s scale %g zero point %lld range [%lld, %lld]",
           dtype_name(info->quant_dtype), (double)info->scale,
           (long long)info->zero_point, (long long)info->quant_min,
           (long long)info->quant_max);
  printf("\n");
}

/// A fixed pattern in the dtype's range: the example needs no data files.
static void fill(void *data, qpt2e_dtype dtype, int64_t count, int salt) {
  uint32_t state = 12345u + (uint32_t)salt;
  for (int64_t i = 0; i < count; ++i) {
    state = state * 1664525u + 1013904223u;
    double u = (double)(state >> 8) / (double)(1u << 24); /* [0, 1) */
    switch (dtype) {
    case QPT2E_F32: ((float *)data)[i] = (float)(4.0 * u - 2.0); break;
    case QPT2E_F64: ((double *)data)[i] = 4.0 * u - 2.0; break;
    case QPT2E_I8: ((int8_t *)data)[i] = (int8_t)(int)(256.0 * u - 128.0); break;
    case QPT2E_U8: ((uint8_t *)data)[i] = (uint8_t)(256.0 * u); break;
    case QPT2E_I32: ((int32_t *)data)[i] = (int32_t)(2000.0 * u - 1000.0); break;
    case QPT2E_I64: ((int64_t *)data)[i] = (int64_t)(2000.0 * u - 1000.0); break;
    }
  }
}

typedef struct {
  qpt2e_model *model;
  qpt2e_tensor inputs[MAX_TENSORS], outputs[MAX_TENSORS];
  int32_t num_inputs, num_outputs, runs, threads;
  qpt2e_status status;
  char error[1024];
} job;

static void *run_job(void *arg) {
  job *j = (job *)arg;
  for (int32_t r = 0; r < j->runs && j->status == QPT2E_OK; ++r) {
    j->status = qpt2e_model_run(j->model, j->inputs, j->num_inputs, j->outputs,
                                j->num_outputs, j->threads);
    if (j->status != QPT2E_OK)
      snprintf(j->error, sizeof(j->error), "%s", qpt2e_last_error());
  }
  return NULL;
}

static int usage(void) {
  fprintf(stderr, "usage: run-model <model.so> [--input in.bin]... "
                  "[--output out.bin]... [--instances N] [--runs R] "
                  "[--threads T]\n");
  return 2;
}

int main(int argc, char **argv) {
  const char *inputs[MAX_TENSORS], *outputs[MAX_TENSORS];
  int num_in_files = 0, num_out_files = 0, instances = 1, runs = 1,
      threads = 1;
  if (argc < 2)
    return usage();
  for (int i = 2; i < argc; ++i) {
    if (i + 1 >= argc)
      return usage();
    if (!strcmp(argv[i], "--input") && num_in_files < MAX_TENSORS)
      inputs[num_in_files++] = argv[++i];
    else if (!strcmp(argv[i], "--output") && num_out_files < MAX_TENSORS)
      outputs[num_out_files++] = argv[++i];
    else if (!strcmp(argv[i], "--instances"))
      instances = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--runs"))
      runs = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--threads"))
      threads = atoi(argv[++i]);
    else
      return usage();
  }
  if (instances < 1 || instances > MAX_INSTANCES || runs < 1)
    return usage();

  static job jobs[MAX_INSTANCES];
  static qpt2e_tensor_info in_info[MAX_TENSORS], out_info[MAX_TENSORS];
  void *in_data[MAX_TENSORS] = {0};
  pthread_t tids[MAX_INSTANCES];
  int32_t ni = 0, no = 0;
  int status = 1;
  for (int k = 0; k < instances; ++k) {
    if (qpt2e_model_create(argv[1], &jobs[k].model) != QPT2E_OK) {
      fprintf(stderr, "run-model: %s\n", qpt2e_last_error());
      goto done;
    }
  }
  qpt2e_model *first = jobs[0].model;
  ni = qpt2e_model_num_inputs(first);
  no = qpt2e_model_num_outputs(first);
  if (ni > MAX_TENSORS || no > MAX_TENSORS ||
      (num_in_files && num_in_files != ni) || num_out_files > no) {
    fprintf(stderr, "run-model: the model takes %d inputs and gives %d "
                    "outputs; %d input and %d output files given\n",
            ni, no, num_in_files, num_out_files);
    goto done;
  }
  printf("model: %s\n", qpt2e_model_describe(first));
  for (int32_t i = 0; i < ni; ++i) {
    qpt2e_model_input_info(first, i, &in_info[i]);
    print_info("input", i, &in_info[i]);
    size_t bytes = (size_t)num_elements(&in_info[i]) * element_size(in_info[i].dtype);
    in_data[i] = malloc(bytes ? bytes : 1);
    if (num_in_files) {
      FILE *f = fopen(inputs[i], "rb");
      size_t got = f ? fread(in_data[i], 1, bytes, f) : 0;
      int extra = f ? fgetc(f) : EOF;
      if (f)
        fclose(f);
      if (got != bytes || extra != EOF) {
        fprintf(stderr, "run-model: '%s' must hold exactly %zu bytes (input "
                        "%d)\n", inputs[i], bytes, i);
        goto done;
      }
    } else {
      fill(in_data[i], in_info[i].dtype, num_elements(&in_info[i]), i);
    }
  }
  for (int32_t i = 0; i < no; ++i) {
    qpt2e_model_output_info(first, i, &out_info[i]);
    print_info("output", i, &out_info[i]);
  }

  /* Every instance reads the same inputs and writes its own outputs. */
  for (int k = 0; k < instances; ++k) {
    job *j = &jobs[k];
    j->num_inputs = ni;
    j->num_outputs = no;
    j->runs = runs;
    j->threads = threads;
    for (int32_t i = 0; i < ni; ++i)
      j->inputs[i] = (qpt2e_tensor){in_data[i], in_info[i].dtype,
                                    in_info[i].rank, in_info[i].shape};
    for (int32_t i = 0; i < no; ++i) {
      size_t bytes = (size_t)num_elements(&out_info[i]) *
                     element_size(out_info[i].dtype);
      j->outputs[i] = (qpt2e_tensor){calloc(bytes ? bytes : 1, 1),
                                     out_info[i].dtype, out_info[i].rank,
                                     out_info[i].shape};
    }
  }
  for (int k = 0; k < instances; ++k)
    pthread_create(&tids[k], NULL, run_job, &jobs[k]);
  for (int k = 0; k < instances; ++k)
    pthread_join(tids[k], NULL);
  for (int k = 0; k < instances; ++k)
    if (jobs[k].status != QPT2E_OK) {
      fprintf(stderr, "run-model: instance %d: %s\n", k, jobs[k].error);
      goto done;
    }
  for (int k = 1; k < instances; ++k)
    for (int32_t i = 0; i < no; ++i) {
      size_t bytes = (size_t)num_elements(&out_info[i]) *
                     element_size(out_info[i].dtype);
      if (memcmp(jobs[k].outputs[i].data, jobs[0].outputs[i].data, bytes)) {
        fprintf(stderr, "run-model: instance %d's output %d differs from "
                        "instance 0's\n", k, i);
        goto done;
      }
    }
  printf("%d instance(s) x %d run(s), %d thread(s) each, at the same time: "
         "outputs identical\n", instances, runs, threads);
  for (int i = 0; i < num_out_files; ++i) {
    FILE *f = fopen(outputs[i], "wb");
    size_t bytes = (size_t)num_elements(&out_info[i]) * element_size(out_info[i].dtype);
    if (!f || fwrite(jobs[0].outputs[i].data, 1, bytes, f) != bytes) {
      fprintf(stderr, "run-model: cannot write '%s'\n", outputs[i]);
      if (f)
        fclose(f);
      goto done;
    }
    fclose(f);
    printf("wrote %s\n", outputs[i]);
  }
  status = 0;
done:
  for (int32_t i = 0; i < MAX_TENSORS; ++i)
    free(in_data[i]);
  for (int k = 0; k < instances; ++k) {
    for (int32_t i = 0; i < jobs[k].num_outputs; ++i)
      free(jobs[k].outputs[i].data);
    qpt2e_model_destroy(jobs[k].model);
  }
  return status;
}
