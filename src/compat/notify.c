// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * User notification (SCMP_ACT_NOTIFY): buffers sized as the kernel says,
 * the listener fd seccomp_load() kept, and the ioctls on it, with
 * libseccomp 2.5's return codes: -EOPNOTSUPP when the kernel (or the API
 * level) has no user notification, -ECANCELED when the kernel refuses.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "compat.h"
#include "seccomp.h"

#ifndef SECCOMP_GET_NOTIF_SIZES
#define SECCOMP_GET_NOTIF_SIZES 3
#endif
#ifndef SECCOMP_IOCTL_NOTIF_RECV
#define SECCOMP_IOC_MAGIC '!'
#define SECCOMP_IOCTL_NOTIF_RECV                                               \
	_IOWR(SECCOMP_IOC_MAGIC, 0, struct seccomp_notif)
#define SECCOMP_IOCTL_NOTIF_SEND                                               \
	_IOWR(SECCOMP_IOC_MAGIC, 1, struct seccomp_notif_resp)
#define SECCOMP_IOCTL_NOTIF_ID_VALID _IOW(SECCOMP_IOC_MAGIC, 2, __u64)
#endif
/* the number kernels before 5.7 used for ID_VALID */
#define NOTIF_ID_VALID_OLD _IOR('!', 2, __u64)

COMPAT_API int seccomp_notify_alloc(struct seccomp_notif **req,
				    struct seccomp_notif_resp **resp)
{
	static struct seccomp_notif_sizes sizes;
	size_t nreq, nresp;

	compat_api_update();
	if (!compat_sup_syscall())
		return -EOPNOTSUPP;
	if (!sizes.seccomp_notif && !sizes.seccomp_notif_resp &&
	    compat_seccomp(SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0)
		return -ECANCELED;
	if (!sizes.seccomp_notif || !sizes.seccomp_notif_resp)
		return -EFAULT;
	/* the kernel's sizes, never less than the structs we declare */
	nreq = sizes.seccomp_notif > sizeof(**req) ? sizes.seccomp_notif
						   : sizeof(**req);
	nresp = sizes.seccomp_notif_resp > sizeof(**resp)
			? sizes.seccomp_notif_resp
			: sizeof(**resp);
	if (req) {
		*req = calloc(1, nreq);
		if (!*req)
			return -ENOMEM;
	}
	if (resp) {
		*resp = calloc(1, nresp);
		if (!*resp) {
			if (req) {
				free(*req);
				*req = NULL;
			}
			return -ENOMEM;
		}
	}
	return 0;
}

COMPAT_API void seccomp_notify_free(struct seccomp_notif *req,
				    struct seccomp_notif_resp *resp)
{
	free(req);
	free(resp);
}

COMPAT_API int seccomp_notify_receive(int fd, struct seccomp_notif *req)
{
	if (compat_user_notif_state() <= 0)
		return -EOPNOTSUPP;
	/* the kernel wants the buffer zeroed; a reused one would fail */
	if (req)
		memset(req, 0, sizeof(*req));
	if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, req) < 0)
		return -ECANCELED;
	return 0;
}

COMPAT_API int seccomp_notify_respond(int fd, struct seccomp_notif_resp *resp)
{
	if (compat_user_notif_state() <= 0)
		return -EOPNOTSUPP;
	if (ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, resp) < 0)
		return -ECANCELED;
	return 0;
}

COMPAT_API int seccomp_notify_id_valid(int fd, uint64_t id)
{
	int rc;

	compat_api_update();
	if (compat_user_notif_state() <= 0)
		return -EOPNOTSUPP;
	rc = ioctl(fd, SECCOMP_IOCTL_NOTIF_ID_VALID, &id);
	if (rc < 0 && errno == EINVAL)
		rc = ioctl(fd, NOTIF_ID_VALID_OLD, &id);
	return rc < 0 ? -ENOENT : 0;
}

COMPAT_API int seccomp_notify_fd(const scmp_filter_ctx c)
{
	const struct compat_ctx *ctx = c;

	compat_api_update();
	if (!compat_ctx_valid(ctx))
		return -EINVAL;
	/* no listener yet: libseccomp's -1 comes out as its internal
	 * error */
	return compat_rc(compat_notify_fd());
}
