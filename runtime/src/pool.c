/*===- pool.c - the runtime's thread pool, an executor --------------------===*
 *
 * Workers wait for jobs on one queue. A job is one parallel_for: its count
 * split into at most `threads` contiguous chunks that workers and the
 * calling thread claim one at a time with an atomic counter. The caller
 * claims chunks of its own job until none is left, then waits for the
 * chunks others took. Jobs of concurrent callers queue up and share the
 * same workers. All state lives in the pool and in the jobs on the
 * callers' stacks.
 *
 *===----------------------------------------------------------------------===*/

#define _POSIX_C_SOURCE 200809L

#include "sinter/sinter.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

typedef struct job {
  sinter_task_fn fn;
  void *task;
  int64_t count;
  int64_t chunks;
  atomic_llong next;     /* the next chunk to claim */
  atomic_llong finished; /* chunks that have returned */
  atomic_int workers;    /* workers inside work_on */
  struct job *newer;     /* the queue, oldest first */
} job;

struct sinter_pool {
  sinter_executor executor;
  pthread_mutex_t mutex;
  pthread_cond_t work;     /* a job was queued, or the pool is stopping */
  pthread_cond_t finished; /* a job's last chunk returned */
  job *oldest, *newest;
  atomic_int queued; /* oldest != NULL, readable without the mutex */
  int sleepers;      /* workers waiting on `work` */
  int stopping;
  int32_t workers;
  pthread_t *threads;
};

/* How long a thread polls before it sleeps on a condition variable:
 * waking a sleeping thread costs tens of microseconds, more than many
 * kernels take, while a model's kernels follow one another closely. */
enum { kSpins = 20000 };

static void relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

/* Runs chunk `chunk` of `j`: [count * chunk / chunks, count * (chunk + 1) /
 * chunks). */
static void run_chunk(job *j, int64_t chunk) {
  int64_t begin = j->count * chunk / j->chunks;
  int64_t end = j->count * (chunk + 1) / j->chunks;
  j->fn(j->task, begin, end);
}

/* Claims and runs chunks of `j` until none is left to claim. */
static void work_on(job *j) {
  for (;;) {
    int64_t chunk = atomic_fetch_add(&j->next, 1);
    if (chunk >= j->chunks)
      return;
    run_chunk(j, chunk);
    atomic_fetch_add(&j->finished, 1);
  }
}

/* Unlinks `j` from the queue; the pool's mutex is held. */
static void unqueue(sinter_pool *pool, job *j) {
  job **link = &pool->oldest;
  job *previous = NULL;
  while (*link && *link != j) {
    previous = *link;
    link = &(*link)->newer;
  }
  if (!*link)
    return;
  *link = j->newer;
  if (pool->newest == j)
    pool->newest = previous;
  atomic_store(&pool->queued, pool->oldest != NULL);
}

static void *worker_main(void *argument) {
  sinter_pool *pool = argument;
  pthread_mutex_lock(&pool->mutex);
  for (;;) {
    if (!pool->stopping && !pool->oldest) {
      pthread_mutex_unlock(&pool->mutex);
      for (int spin = 0; spin < kSpins && !atomic_load(&pool->queued); ++spin)
        relax();
      pthread_mutex_lock(&pool->mutex);
    }
    while (!pool->stopping && !pool->oldest) {
      ++pool->sleepers;
      pthread_cond_wait(&pool->work, &pool->mutex);
      --pool->sleepers;
    }
    if (pool->stopping)
      break;
    job *j = pool->oldest;
    /* Fully claimed jobs leave the queue; their callers wait on them. */
    if (atomic_load(&j->next) >= j->chunks) {
      unqueue(pool, j);
      continue;
    }
    /* The caller keeps `j` alive until no worker is inside it. */
    atomic_fetch_add(&j->workers, 1);
    pthread_mutex_unlock(&pool->mutex);
    work_on(j);
    pthread_mutex_lock(&pool->mutex);
    atomic_fetch_sub(&j->workers, 1);
    pthread_cond_broadcast(&pool->finished);
  }
  pthread_mutex_unlock(&pool->mutex);
  return NULL;
}

static void pool_parallel_for(void *context, int64_t count, sinter_task_fn fn,
                              void *task) {
  sinter_pool *pool = context;
  if (count <= 0)
    return;
  int64_t threads = pool->workers + 1;
  job j = {fn, task, count, count < threads ? count : threads, 0, 0, 0, NULL};
  if (j.chunks > 1) {
    pthread_mutex_lock(&pool->mutex);
    if (pool->newest)
      pool->newest->newer = &j;
    else
      pool->oldest = &j;
    pool->newest = &j;
    atomic_store(&pool->queued, 1);
    if (pool->sleepers)
      pthread_cond_broadcast(&pool->work);
    pthread_mutex_unlock(&pool->mutex);
  }
  work_on(&j);
  /* Workers unlink fully claimed jobs lazily: once every chunk returned and
   * no worker is inside `j`, nothing reads it again. */
  for (int spin = 0; spin < kSpins && (atomic_load(&j.finished) < j.chunks ||
                                       atomic_load(&j.workers) > 0);
       ++spin)
    relax();
  pthread_mutex_lock(&pool->mutex);
  while (atomic_load(&j.finished) < j.chunks || atomic_load(&j.workers) > 0)
    pthread_cond_wait(&pool->finished, &pool->mutex);
  unqueue(pool, &j);
  pthread_mutex_unlock(&pool->mutex);
}

sinter_pool *sinter_pool_create(int32_t threads) {
  if (threads < 1)
    threads = 1;
  sinter_pool *pool = calloc(1, sizeof *pool);
  if (!pool)
    return NULL;
  pool->threads = calloc((size_t)threads, sizeof *pool->threads);
  if (!pool->threads) {
    free(pool);
    return NULL;
  }
  pthread_mutex_init(&pool->mutex, NULL);
  pthread_cond_init(&pool->work, NULL);
  pthread_cond_init(&pool->finished, NULL);
  pool->executor.parallel_for = pool_parallel_for;
  pool->executor.context = pool;
  for (int32_t i = 0; i + 1 < threads; ++i) {
    if (pthread_create(&pool->threads[i], NULL, worker_main, pool) != 0) {
      sinter_pool_destroy(pool);
      return NULL;
    }
    pool->workers = i + 1;
  }
  pool->executor.threads = threads;
  return pool;
}

void sinter_pool_destroy(sinter_pool *pool) {
  if (!pool)
    return;
  pthread_mutex_lock(&pool->mutex);
  pool->stopping = 1;
  pthread_cond_broadcast(&pool->work);
  pthread_mutex_unlock(&pool->mutex);
  for (int32_t i = 0; i < pool->workers; ++i)
    pthread_join(pool->threads[i], NULL);
  pthread_cond_destroy(&pool->finished);
  pthread_cond_destroy(&pool->work);
  pthread_mutex_destroy(&pool->mutex);
  free(pool->threads);
  free(pool);
}

const sinter_executor *sinter_pool_executor(const sinter_pool *pool) {
  return &pool->executor;
}
