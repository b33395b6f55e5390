// libcurl's options are set through a variadic function Swift cannot call;
// this file makes the calls for one message.
#include "CSMTP.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

struct reader {
    const char *data;
    size_t left;
};

static size_t read_message(char *buffer, size_t size, size_t count, void *userdata) {
    struct reader *reader = userdata;
    size_t room = size * count;
    size_t n = reader->left < room ? reader->left : room;
    memcpy(buffer, reader->data, n);
    reader->data += n;
    reader->left -= n;
    return n;
}

int kalyna_smtp_send(const char *url, kalyna_smtp_security security, const char *username, const char *password,
                     const char *from, const char *to, const char *message, size_t length, const char *ca_file, long timeout_seconds,
                     char *error, size_t error_size) {
    char curl_error[CURL_ERROR_SIZE] = "";
    CURL *curl = curl_easy_init();
    if (!curl) {
        snprintf(error, error_size, "libcurl could not start");
        return -1;
    }
    struct reader reader = {message, length};
    struct curl_slist *recipients = curl_slist_append(NULL, to);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    if (security == KALYNA_SMTP_STARTTLS) curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    if (ca_file && *ca_file) curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file);
    if (username && *username) curl_easy_setopt(curl, CURLOPT_USERNAME, username);
    if (password && *password) curl_easy_setopt(curl, CURLOPT_PASSWORD, password);
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(curl, CURLOPT_READDATA, &reader);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)length);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout_seconds);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_error);
    CURLcode result = curl_easy_perform(curl);
    long reply = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    if (result == CURLE_OK) return 0;
    snprintf(error, error_size, "%s", *curl_error ? curl_error : curl_easy_strerror(result));
    return reply >= 400 ? (int)reply : -1;
}
